package io.colibri.domain;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The mails the gateway writes to a sender (MAIL-10), each in French then English: the request
 * registered, the message not sent and why, a deferred or group send finished, a message
 * delivered. Reasons are those of the legacy codes (HTTP-5). Never includes a password.
 */
public final class MailReplies {
    private static final DateTimeFormatter FR = DateTimeFormatter.ofPattern("dd/MM/yyyy 'à' HH:mm", Locale.FRENCH);
    private static final DateTimeFormatter EN = DateTimeFormatter.ofPattern("dd/MM/yyyy 'at' HH:mm", Locale.ENGLISH);
    private static final String SIGNATURE = "\n-- \nColibri\n";

    /** A mail to write: subject and plain-text body. */
    public record Reply(String subject, String body) {
    }

    /** What one recipient of a mail got: the number or group as written, and the code. */
    public record Outcome(String recipient, Code code) {
        public boolean registered() {
            return code == Code.ACCEPTED || code == Code.DEFERRED || code == Code.DEFERRED_CANCELLED;
        }
    }

    private MailReplies() {
    }

    /**
     * The request is registered for these recipients; {@code heldUntil} non-null when the cut-off
     * holds it until the morning.
     */
    public static Reply registered(String subject, List<Outcome> registered, Instant heldUntil, ZoneId zone) {
        StringBuilder fr = new StringBuilder("Votre demande d'envoi de SMS est enregistrée.\n");
        StringBuilder en = new StringBuilder("Your request to send an SMS is registered.\n");
        if (heldUntil != null) {
            LocalDateTime at = LocalDateTime.ofInstant(heldUntil, zone);
            fr.append("Reçue après votre heure limite, elle partira le ").append(FR.format(at)).append(".\n");
            en.append("Received after your cut-off hour, it will leave on ").append(EN.format(at)).append(".\n");
        }
        for (Outcome o : registered) {
            fr.append("  ").append(o.recipient()).append(" : ").append(reasonFr(o.code())).append('\n');
            en.append("  ").append(o.recipient()).append(": ").append(reasonEn(o.code())).append('\n');
        }
        return new Reply("SMS enregistré / SMS registered: " + shorten(subject), fr + "\n" + en + SIGNATURE);
    }

    /** These recipients get nothing, each for its reason. */
    public static Reply refused(String subject, List<Outcome> refused) {
        StringBuilder fr = new StringBuilder("Votre SMS n'a pas été envoyé à :\n");
        StringBuilder en = new StringBuilder("Your SMS was not sent to:\n");
        for (Outcome o : refused) {
            fr.append("  ").append(o.recipient()).append(" : ").append(reasonFr(o.code())).append(" (").append(o.code().value()).append(")\n");
            en.append("  ").append(o.recipient()).append(": ").append(reasonEn(o.code())).append(" (").append(o.code().value()).append(")\n");
        }
        fr.append("Rien n'a été débité pour ces destinataires.\n");
        en.append("Nothing was debited for these recipients.\n");
        return new Reply("SMS non envoyé / SMS not sent: " + shorten(subject), fr + "\n" + en + SIGNATURE);
    }

    /** The mail as a whole could not be a request (no syntax matched, wrong password, no text…). */
    public static Reply unreadable(String subject, String whyFr, String whyEn) {
        return new Reply("SMS non envoyé / SMS not sent: " + shorten(subject),
                "Votre mail n'a pas pu être traité : " + whyFr + ".\nAucun SMS n'est parti et rien n'a été débité.\n\n"
                        + "Your mail could not be processed: " + whyEn + ".\nNo SMS left and nothing was debited.\n" + SIGNATURE);
    }

    /** A deferred or group send is over. */
    public static Reply finished(String subject, int sent, int failed) {
        return new Reply("Envoi terminé / Sending finished: " + shorten(subject),
                "Votre envoi est terminé : " + sent + " SMS envoyé(s), " + failed + " en échec.\n\n"
                        + "Your sending is finished: " + sent + " SMS sent, " + failed + " failed.\n" + SIGNATURE);
    }

    /** A message reached the phone. */
    public static Reply delivered(String subject, String number, Instant at, ZoneId zone) {
        LocalDateTime t = LocalDateTime.ofInstant(at, zone);
        return new Reply("SMS reçu / SMS delivered: " + number,
                "Votre SMS « " + shorten(subject) + " » a été reçu par " + number + " le " + FR.format(t) + ".\n\n"
                        + "Your SMS \"" + shorten(subject) + "\" was delivered to " + number + " on " + EN.format(t) + ".\n" + SIGNATURE);
    }

    /** ACC-6: the balance is below the account's threshold. */
    public static Reply lowBalance(long balance, int threshold) {
        return new Reply("Crédit SMS bas / Low SMS credit: " + balance,
                "Votre crédit SMS est de " + balance + " (seuil d'alerte : " + threshold + "). Pensez à le recharger.\n\n"
                        + "Your SMS credit is " + balance + " (alert threshold: " + threshold + "). Please top it up.\n" + SIGNATURE);
    }

    /** ACC-6, as an SMS. */
    public static String lowBalanceSms(long balance, int threshold) {
        return "Colibri : crédit SMS bas, " + balance + " (seuil " + threshold + "). Pensez à recharger.";
    }

    /** Why a legacy code, in French. */
    public static String reasonFr(Code code) {
        return switch (code) {
            case ACCEPTED -> "accepté, envoi en cours";
            case DEFERRED -> "enregistré pour un envoi différé";
            case BAD_LOGIN -> "identifiant ou mot de passe incorrect";
            case NOT_ENOUGH_CREDIT -> "crédit insuffisant";
            case INVALID_NUMBER -> "numéro invalide, en liste noire (STOP) ou non couvert par vos options";
            case BAD_DEFERRED_DATE -> "date d'envoi différé invalide ou passée (format hhmmjjmmaaaa)";
            case EMPTY_GROUP -> "groupe inconnu ou vide";
            case EMPTY_EMAIL -> "adresse e-mail absente";
            case EMPTY_PASSWORD -> "mot de passe absent";
            case EMPTY_NUMBER -> "numéro absent";
            case EMPTY_MESSAGE -> "message vide";
            case DUPLICATE -> "même message envoyé à ce numéro il y a moins de 24 heures";
            case TEST_OK -> "test réussi, rien n'est envoyé";
            case DOM_TOM_NOT_ALLOWED -> "les DOM-TOM ne sont pas ouverts sur votre compte";
            case DEFERRED_CANCELLED -> "envoi différé annulé, crédit rendu";
            case DEFERRED_NOT_CANCELLED -> "aucun envoi différé à annuler à cette date";
            case IP_NOT_ALLOWED -> "adresse IP non autorisée";
            case TOO_LONG -> "message trop long : plus d'un SMS sans l'option SMS longs, ou plus de 8 parties";
        };
    }

    /** Why a legacy code, in English. */
    public static String reasonEn(Code code) {
        return switch (code) {
            case ACCEPTED -> "accepted, being sent";
            case DEFERRED -> "registered for a deferred send";
            case BAD_LOGIN -> "wrong login or password";
            case NOT_ENOUGH_CREDIT -> "not enough credit";
            case INVALID_NUMBER -> "invalid number, blacklisted (STOP) or not covered by your options";
            case BAD_DEFERRED_DATE -> "invalid or past deferred date (format hhmmddmmyyyy)";
            case EMPTY_GROUP -> "unknown or empty group";
            case EMPTY_EMAIL -> "no e-mail address";
            case EMPTY_PASSWORD -> "no password";
            case EMPTY_NUMBER -> "no number";
            case EMPTY_MESSAGE -> "empty message";
            case DUPLICATE -> "the same message went to this number less than 24 hours ago";
            case TEST_OK -> "test passed, nothing sent";
            case DOM_TOM_NOT_ALLOWED -> "French overseas numbers are not open on your account";
            case DEFERRED_CANCELLED -> "deferred send cancelled, credit returned";
            case DEFERRED_NOT_CANCELLED -> "no deferred send to cancel at that date";
            case IP_NOT_ALLOWED -> "IP address not allowed";
            case TOO_LONG -> "message too long: more than one SMS without the long-SMS option, or over 8 parts";
        };
    }

    private static String shorten(String subject) {
        String s = subject == null ? "" : subject.strip().replaceAll("\\s+", " ");
        return s.length() > 60 ? s.substring(0, 59) + "…" : s;
    }
}
