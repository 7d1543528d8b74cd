package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MAIL-2..5 and MAIL-9: the four syntaxes, read from the address and the subject. */
class MailSyntaxTest {
    static final String D = "sms.colibri.example";

    @ParameterizedTest(name = "[{index}] to {0}, subject [{1}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        // to                                    | subject                                      | syntax | password | recipients                  | diff          | text in subject
        "sms@sms.colibri.example                 | FGB45L:0684843556-0660919010:153012092011     | 1 | FGB45L   | 0684843556,0660919010        | 153012092011  | false",
        "SMS@SMS.Colibri.Example                 | FGB45L:0684843556                             | 1 | FGB45L   | 0684843556                   | NULL          | false",
        "sms@sms.colibri.example                 | ' FGB45L : Parents - 0684843556 '             | 1 | FGB45L   | Parents,0684843556           | NULL          | false",
        "sms@sms.colibri.example                 | FGB45L:0684843556:153012092011s               | 1 | FGB45L   | 0684843556                   | 153012092011s | false",
        "sms.FGB45L@sms.colibri.example          | 0684843556-0660919010:153012092011            | 2 | FGB45L   | 0684843556,0660919010        | 153012092011  | false",
        "sms.FGB45L@sms.colibri.example          | Parents                                       | 2 | FGB45L   | Parents                      | NULL          | false",
        "FGB45L.0684843556@sms.colibri.example   | ''                                            | 3 | FGB45L   | 0684843556                   | NULL          | false",
        "FGB45L.0684843556@sms.colibri.example   | NULL                                          | 3 | FGB45L   | 0684843556                   | NULL          | false",
        "FGB45L.0684843556-Parents@sms.colibri.example | 153012092011                            | 3 | FGB45L   | 0684843556,Parents           | 153012092011  | false",
        "0684843556.FGB45L@sms.colibri.example   | Rendez-vous demain à 9h                       | 4 | FGB45L   | 0684843556                   | NULL          | true",
        "+33684843556.FGB45L@sms.colibri.example | Bonjour : à demain                            | 4 | FGB45L   | +33684843556                 | NULL          | true",
        "Parents-Bureau.FGB45L@sms.colibri.example | Réunion                                     | 4 | FGB45L   | Parents,Bureau               | NULL          | true",
        "'\"FGB45L.0684843556\"@sms.colibri.example' | ''                                        | 3 | FGB45L   | 0684843556                   | NULL          | false",
    })
    void each_syntax_gives_password_recipients_date_and_where_the_text_is(String to, String subject, int syntax, String password,
            String recipients, String diff, boolean textInSubject) {
        MailSyntax.Parsed p = MailSyntax.parse(to, subject, D);
        assertThat(p.problem()).isNull();
        assertThat(p.request()).contains(new MailSyntax.Request(syntax, password, List.of(recipients.split(",")), diff, textInSubject));
    }

    @ParameterizedTest(name = "[{index}] to {0}, subject [{1}]: {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "sms@other.example                       | FGB45L:0684843556          | not addressed to sms.colibri.example",
        "nobody                                  | FGB45L:0684843556          | not addressed to",
        "sms@sms.colibri.example                 | 0684843556                 | the subject must be password:number",
        "sms@sms.colibri.example                 | ''                         | the subject must be password:number",
        "sms@sms.colibri.example                 | :0684843556                | the subject must be password:number",
        "sms@sms.colibri.example                 | FGB45L:                    | no recipient",
        "sms@sms.colibri.example                 | a:b:c:d                    | the subject must be password:number",
        "sms.@sms.colibri.example                | 0684843556                 | no password",
        "sms.FGB45L@sms.colibri.example          | 0684843556:1:2             | the subject must be number",
        "sms.FGB45L@sms.colibri.example          | ''                         | no recipient",
        "FGB45L@sms.colibri.example              | 0684843556                 | the address must be sms@",
        "FGB45L.@sms.colibri.example             | ''                         | the address must be sms@",
        "FGB-45L.0684843556@sms.colibri.example  | ''                         | the password is not where",
    })
    void a_mail_that_is_no_request_says_why(String to, String subject, String problem) {
        MailSyntax.Parsed p = MailSyntax.parse(to, subject, D);
        assertThat(p.request()).isEmpty();
        assertThat(p.problem()).contains(problem);
    }
}
