package io.colibri.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The four ways a mail asks for an SMS (MAIL-2..5), read from the address it was sent to and its
 * subject. {@code D} is the service domain:
 * <ol>
 *   <li>{@code sms@D}, subject {@code password:recipients[:hhmmddmmyyyy]}, text in the body;</li>
 *   <li>{@code sms.password@D}, subject {@code recipients[:hhmmddmmyyyy]}, text in the body;</li>
 *   <li>{@code password.recipients@D}, subject empty or {@code hhmmddmmyyyy}, text in the body;</li>
 *   <li>{@code recipients.password@D}, the subject is the text, the body is ignored.</li>
 * </ol>
 * Recipients are numbers or group names (MAIL-9) separated by {@code -}. Syntaxes 3 and 4 are told
 * apart by the subject: empty or a date is syntax 3, anything else is the text of syntax 4.
 * Passwords are what the gateway generates (letters and digits), so a {@code .} separates them
 * from the recipients.
 */
public final class MailSyntax {
    private static final Pattern DATE = Pattern.compile("\\d{12}s?");
    private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9]+");

    /** A request read from a mail: whose password, to whom, when, and where the text is. */
    public record Request(int syntax, String password, List<String> recipients, String diff, boolean textInSubject) {
    }

    /** The request, or why the mail cannot be one, in English and French (said to the sender in the error mail). */
    public record Parsed(Optional<Request> request, String problem, String problemFr) {
        static Parsed ok(Request r) {
            return new Parsed(Optional.of(r), null, null);
        }

        static Parsed problem(String why, String pourquoi) {
            return new Parsed(Optional.empty(), why, pourquoi);
        }
    }

    private MailSyntax() {
    }

    /** Whether the address is one of the service domain's (the mail is for the gateway at all). */
    public static boolean forService(String address, String serviceDomain) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        return at > 0 && address.substring(at + 1).strip().equalsIgnoreCase(serviceDomain.strip());
    }

    public static Parsed parse(String address, String subject, String serviceDomain) {
        if (!forService(address, serviceDomain)) {
            return Parsed.problem("the mail is not addressed to " + serviceDomain, "le mail n'est pas adressé à " + serviceDomain);
        }
        String local = address.substring(0, address.lastIndexOf('@')).strip();
        if (local.length() > 1 && local.startsWith("\"") && local.endsWith("\"")) {
            local = local.substring(1, local.length() - 1);
        }
        String s = subject == null ? "" : subject.strip();
        String lower = local.toLowerCase(Locale.ROOT);
        if (lower.equals("sms")) {
            String[] f = s.split(":", -1);
            if (f.length < 2 || f.length > 3 || f[0].isBlank()) {
                return Parsed.problem("to sms@" + serviceDomain + ", the subject must be password:number[-number…][:hhmmddmmyyyy]",
                        "pour sms@" + serviceDomain + ", l'objet doit être motdepasse:numéro[-numéro…][:hhmmjjmmaaaa]");
            }
            return withRecipients(1, f[0].strip(), f[1], f.length == 3 ? f[2] : null, false);
        }
        if (lower.startsWith("sms.")) {
            String[] f = s.split(":", -1);
            if (f.length > 2) {
                return Parsed.problem("to sms.<password>@" + serviceDomain + ", the subject must be number[-number…][:hhmmddmmyyyy]",
                        "pour sms.<motdepasse>@" + serviceDomain + ", l'objet doit être numéro[-numéro…][:hhmmjjmmaaaa]");
            }
            return withRecipients(2, local.substring(4), f[0], f.length == 2 ? f[1] : null, false);
        }
        int dot = local.indexOf('.');
        if (dot <= 0 || dot == local.length() - 1) {
            return Parsed.problem("the address must be sms@, sms.<password>@, <password>.<number>@ or <number>.<password>@"
                    + serviceDomain, "l'adresse doit être sms@, sms.<motdepasse>@, <motdepasse>.<numéro>@ ou <numéro>.<motdepasse>@"
                    + serviceDomain);
        }
        if (s.isEmpty() || DATE.matcher(s).matches()) {
            return withRecipients(3, local.substring(0, dot), local.substring(dot + 1), s.isEmpty() ? null : s, false);
        }
        int last = local.lastIndexOf('.');
        return withRecipients(4, local.substring(last + 1), local.substring(0, last), null, true);
    }

    private static Parsed withRecipients(int syntax, String password, String recipients, String diff, boolean textInSubject) {
        if (password.isBlank()) {
            return Parsed.problem("no password in the mail", "pas de mot de passe dans le mail");
        }
        if (!PASSWORD.matcher(password).matches()) {
            return Parsed.problem("the password is not where the syntax expects it",
                    "le mot de passe n'est pas là où la syntaxe l'attend");
        }
        List<String> to = Arrays.stream(recipients.split("-")).map(String::strip).filter(r -> !r.isEmpty()).toList();
        if (to.isEmpty()) {
            return Parsed.problem("no recipient: give a number or a group name",
                    "aucun destinataire : indiquez un numéro ou un nom de groupe");
        }
        String d = diff == null || diff.isBlank() ? null : diff.strip();
        return Parsed.ok(new Request(syntax, password, to, d, textInSubject));
    }
}
