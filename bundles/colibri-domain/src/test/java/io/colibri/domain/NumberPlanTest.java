package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.colibri.domain.PhoneNumber.NumberClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every row of the prefix table in {@link NumberPlan}'s javadoc, and the numbers just outside it. */
class NumberPlanTest {

    @ParameterizedTest(name = "[{0}] -> {1} {2} landline={3}")
    @CsvSource(delimiter = '|', value = {
        // written            | E.164          | class            | landline
        // metropolitan
        "06 12 34 56 78       | +33612345678   | FRENCH_MOBILE    | false",
        "06 99 99 99 99       | +33699999999   | FRENCH_MOBILE    | false",
        "07 12 34 56 78       | +33712345678   | FRENCH_MOBILE    | false",
        "01 23 45 67 89       | +33123456789   | FRENCH_LANDLINE  | true",
        "02 12 34 56 78       | +33212345678   | FRENCH_LANDLINE  | true",
        "02 61 34 56 78       | +33261345678   | FRENCH_LANDLINE  | true",
        "03 12 34 56 78       | +33312345678   | FRENCH_LANDLINE  | true",
        "04 12 34 56 78       | +33412345678   | FRENCH_LANDLINE  | true",
        "05 12 34 56 78       | +33512345678   | FRENCH_LANDLINE  | true",
        "05 95 34 56 78       | +33595345678   | FRENCH_LANDLINE  | true",
        "09 12 34 56 78       | +33912345678   | FRENCH_LANDLINE  | true",
        "06 38 12 34 56       | +33638123456   | FRENCH_MOBILE    | false",
        "06 95 12 34 56       | +33695123456   | FRENCH_MOBILE    | false",
        // Guadeloupe, Saint-Barthélemy, Saint-Martin
        "0590 12 34 56        | +590590123456  | DOM_TOM          | true",
        "0690 12 34 56        | +590690123456  | DOM_TOM          | false",
        "0691 12 34 56        | +590691123456  | DOM_TOM          | false",
        // Martinique
        "0596 12 34 56        | +596596123456  | DOM_TOM          | true",
        "0696 12 34 56        | +596696123456  | DOM_TOM          | false",
        "0697 12 34 56        | +596697123456  | DOM_TOM          | false",
        // Guyane
        "0594 12 34 56        | +594594123456  | DOM_TOM          | true",
        "0694 12 34 56        | +594694123456  | DOM_TOM          | false",
        // Réunion
        "0262 12 34 56        | +262262123456  | DOM_TOM          | true",
        "0263 12 34 56        | +262263123456  | DOM_TOM          | true",
        "0692 12 34 56        | +262692123456  | DOM_TOM          | false",
        "0693 12 34 56        | +262693123456  | DOM_TOM          | false",
        // Mayotte
        "0269 61 23 45        | +262269612345  | DOM_TOM          | true",
        "0639 12 34 56        | +262639123456  | DOM_TOM          | false",
        // Saint-Pierre-et-Miquelon
        "+508 41 23 45        | +508412345     | DOM_TOM          | true",
        "+508 55 12 34        | +508551234     | DOM_TOM          | false",
        // Nouvelle-Calédonie
        "+687 75 12 34        | +687751234     | DOM_TOM          | false",
        "+687 85 12 34        | +687851234     | DOM_TOM          | false",
        "+687 95 12 34        | +687951234     | DOM_TOM          | false",
        "+687 25 12 34        | +687251234     | DOM_TOM          | true",
        "+687 41 12 34        | +687411234     | DOM_TOM          | true",
        // Polynésie française
        "+689 87 12 34 56     | +68987123456   | DOM_TOM          | false",
        "+689 88 12 34 56     | +68988123456   | DOM_TOM          | false",
        "+689 89 12 34 56     | +68989123456   | DOM_TOM          | false",
        "+689 40 12 34 56     | +68940123456   | DOM_TOM          | true",
        // Wallis-et-Futuna
        "+681 82 12 34        | +681821234     | DOM_TOM          | false",
        "+681 72 12 34        | +681721234     | DOM_TOM          | true",
        // international: any other country code
        "+44 7911 123456      | +447911123456  | INTERNATIONAL    | false",
        "0044 7911 123456     | +447911123456  | INTERNATIONAL    | false",
        "+44 (0)20 7946 0958  | +442079460958  | INTERNATIONAL    | false",
        "+32 470 12 34 56     | +32470123456   | INTERNATIONAL    | false",
        "+1 (212) 555-0100    | +12125550100   | INTERNATIONAL    | false",
        "+212 6 12 34 56 78   | +212612345678  | INTERNATIONAL    | false",
        "+352 621 123 456     | +352621123456  | INTERNATIONAL    | false",
        "+44 1234 56          | +44123456      | INTERNATIONAL    | false",
        "+44 1234 5678 9012 3 | +441234567890123 | INTERNATIONAL  | false",
    })
    void the_prefix_table(String raw, String e164, NumberClass numberClass, boolean landline) {
        assertThat(PhoneNumber.parse(raw)).contains(new PhoneNumber(e164, numberClass, landline));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        // the overseas E.164 spellings, and the national number written after +33 / 0033
        "+590 690 12 34 56       | +590690123456",
        "00590 690 12 34 56      | +590690123456",
        "+590 (0)690 12 34 56    | +590690123456",
        "+33 6 90 12 34 56       | +590690123456",
        "0033 6 90 12 34 56      | +590690123456",
        "+33 (0)6 90 12 34 56    | +590690123456",
        "+33 5 90 12 34 56       | +590590123456",
        "+596 696 12 34 56       | +596696123456",
        "+33 6 96 12 34 56       | +596696123456",
        "+594 594 12 34 56       | +594594123456",
        "+33 2 62 12 34 56       | +262262123456",
        "+262 262 12 34 56       | +262262123456",
        "+33 6 39 12 34 56       | +262639123456",
        "00 262 639 12 34 56     | +262639123456",
        "+33 2 69 61 23 45       | +262269612345",
        "00508 41 23 45          | +508412345",
        "00687 75 12 34          | +687751234",
        "00689 87 12 34 56       | +68987123456",
        "00681 82 12 34          | +681821234",
    })
    void overseas_numbers_have_one_e164_form(String raw, String e164) {
        assertThat(PhoneNumber.parse(raw)).get().extracting(PhoneNumber::e164, PhoneNumber::numberClass)
                .containsExactly(e164, NumberClass.DOM_TOM);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
        // an overseas country code outside every range of the table
        "+590 123 45 67 89", "+590 591 12 34 56", "+590 692 12 34 56", "+590 596 12 34 56",
        "+596 590 12 34 56", "+596 698 12 34 56", "+596 694 12 34 56",
        "+594 596 12 34 56", "+594 690 12 34 56", "+594 695 12 34 56",
        "+262 690 12 34 56", "+262 264 12 34 56", "+262 694 12 34 56", "+262 638 12 34 56", "+262 612 34 56 78",
        "+508 12 34 56", "+508 61 23 45", "+508 31 23 45",
        // overseas ranges with a wrong length
        "+590 690 12 34 5", "+590 690 12 34 567", "0690 12 34 5", "0690 12 34 567",
        "+262 692 12 34 5", "+596 696 12 34 567",
        "+508 41 23 4", "+508 55 12 345",
        "+687 75 12 3", "+687 25 12 345",
        "+689 87 12 34 5", "+689 40 12 34 567",
        "+681 82 12 3", "+681 72 12 345",
        // international numbers too short or too long for E.164
        "+44 1234 5", "+1 234 567", "+44 1234 5678 9012 34",
        // 08 written with the country code
        "+33 8 12 34 56 78",
    })
    void numbers_outside_the_table_are_invalid(String raw) {
        assertThat(PhoneNumber.parse(raw)).isEmpty();
    }
}
