package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceTableTest {

    /** As Felix hands a configuration over: text values, and keys that are not prices. */
    static final PriceTable TABLE = PriceTable.from(Map.of(
            "service.pid", "io.colibri.prices",
            "felix.fileinstall.filename", "file:/opt/colibri/etc/io.colibri.prices.cfg",
            "metropolitan", "1",
            "domtom", " 4 ",
            "international.32", "2",
            "international.4", "7",
            "international.44", "3",
            "international.1", "3",
            "international.1268", "5",
            "international.352", "6"));

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "06 12 34 56 78      | 1",
        "07 12 34 56 78      | 1",
        "01 23 45 67 89      | 1",
        "09 12 34 56 78      | 1",
        "0690 12 34 56       | 4",
        "0262 12 34 56       | 4",
        "+508 41 23 45       | 4",
        "+687 75 12 34       | 4",
        "+689 87 12 34 56    | 4",
        "+681 82 12 34       | 4",
        "+32 470 12 34 56    | 2",
        "+44 7911 123456     | 3",
        "+41 79 123 45 67    | 7",
        "+49 1512 3456789    | 7",
        "+1 212 555 0100     | 3",
        "+1 268 460 1234     | 5",
        "+1 269 460 1234     | 3",
        "+352 621 123 456    | 6",
        "+35 1234 5678       | NONE",
        "+34 612 345 678     | NONE",
        "+212 6 12 34 56 78  | NONE",
    })
    void a_part_costs_by_destination_and_the_longest_country_code_wins(String number, Integer credits) {
        PhoneNumber n = PhoneNumber.parse(number).orElseThrow();
        assertThat(TABLE.perPart(n)).isEqualTo(credits == null ? OptionalInt.empty() : OptionalInt.of(credits));
    }

    @Test
    void defaults_are_1_for_metropolitan_4_for_overseas_and_no_country() {
        assertThat(PriceTable.DEFAULT).isEqualTo(new PriceTable(1, 4, Map.of()));
        assertThat(PriceTable.from(Map.of())).isEqualTo(PriceTable.DEFAULT);
        assertThat(PriceTable.from(Map.of("service.pid", "io.colibri.prices"))).isEqualTo(PriceTable.DEFAULT);
        assertThat(PriceTable.DEFAULT.perPart(PhoneNumber.parse("+32470123456").orElseThrow())).isEmpty();
    }

    @Test
    void configured_prices_replace_the_defaults_and_values_may_be_numbers() {
        PriceTable t = PriceTable.from(Map.of("metropolitan", 2, "domtom", 6, "international.32", 9));
        assertThat(t).isEqualTo(new PriceTable(2, 6, Map.of("32", 9)));
        assertThat(t.perPart(PhoneNumber.parse("0612345678").orElseThrow())).hasValue(2);
        assertThat(t.perPart(PhoneNumber.parse("0112345678").orElseThrow())).hasValue(2);
        assertThat(t.perPart(PhoneNumber.parse("0690123456").orElseThrow())).hasValue(6);
        assertThat(t.perPart(PhoneNumber.parse("+32470123456").orElseThrow())).hasValue(9);
    }

    @Test
    void only_domtom_given_keeps_metropolitan_at_1() {
        assertThat(PriceTable.from(Map.of("domtom", "5"))).isEqualTo(new PriceTable(1, 5, Map.of()));
    }

    @Test
    void the_table_keeps_its_own_copy() {
        Map<String, Integer> prices = new HashMap<>(Map.of("32", 2));
        PriceTable t = new PriceTable(1, 4, prices);
        prices.put("44", 2);
        assertThat(t.international()).containsOnlyKeys("32");
    }

    @ParameterizedTest(name = "{0} = [{1}]")
    @CsvSource(delimiter = '|', value = {
        "metropolitan       | 0",
        "metropolitan       | -1",
        "metropolitan       | x",
        "metropolitan       | 1.5",
        "metropolitan       | ''",
        "metropolitan       | 99999999999",
        "domtom             | 0",
        "domtom             | four",
        "international.32   | 0",
        "international.32   | two",
        "international.32   | ''",
        "international.     | 2",
        "international.abc  | 2",
        "international.0    | 2",
        "international.032  | 2",
        "international.+32  | 2",
        "international.12345| 2",
        "international.3 2  | 2",
    })
    void bad_configuration_is_refused_with_the_key_in_the_message(String key, String value) {
        assertThatThrownBy(() -> PriceTable.from(Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key);
    }

    @Test
    void a_missing_value_is_refused() {
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("domtom", null);
        assertThatThrownBy(() -> PriceTable.from(cfg)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domtom");
    }

    @ParameterizedTest(name = "[{0}] x {1} parts -> {2}")
    @CsvSource(delimiter = '|', value = {
        "06 12 34 56 78    | 1 | 1",
        "06 12 34 56 78    | 8 | 8",
        "01 23 45 67 89    | 3 | 3",
        "0690 12 34 56     | 1 | 4",
        "0690 12 34 56     | 3 | 12",
        "+32 470 12 34 56  | 2 | 4",
        "+1 268 460 1234   | 8 | 40",
    })
    void credits_are_parts_times_the_price_of_a_part(String number, int parts, int credits) {
        PhoneNumber n = PhoneNumber.parse(number).orElseThrow();
        assertThat(Price.credits(TABLE, n, new PartCount(Encoding.GSM7, parts * 153, parts))).isEqualTo(credits);
    }

    @Test
    void an_unpriced_destination_has_no_credits() {
        PhoneNumber spain = PhoneNumber.parse("+34612345678").orElseThrow();
        assertThatThrownBy(() -> Price.credits(TABLE, spain, PartCount.of("hi")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("+3461234****")
                .hasMessageNotContaining("+34612345678");
    }
}
