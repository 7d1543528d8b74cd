package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 13, point 3: a long message whose later parts never left is refunded for those parts only. */
class PriceRefundTest {

    @ParameterizedTest(name = "{0} credits, {1} parts, {2} kept -> {3} back")
    @CsvSource(delimiter = '|', value = {
        // credits | parts | kept | refund
        "1  | 1 | 0 | 1",   // a one-part message that never left: whole refund (as before)
        "1  | 1 | 1 | 0",   // one part that may have left (no answer in time): nothing back
        "3  | 3 | 0 | 3",   // the first part refused for good: whole refund
        "3  | 3 | 1 | 2",   // part 2 of 3 refused for good: parts 2 and 3 back
        "3  | 3 | 2 | 1",   // part 2 of 3 unanswered: part 1 sent, part 2 may have been: part 3 back
        "3  | 3 | 3 | 0",
        "12 | 3 | 1 | 8",   // DOM-TOM, 4 a part
        "8  | 2 | 1 | 4",
        "5  | 2 | 1 | 3",   // a price that does not divide evenly: the sender pays 2, not 3
        "0  | 3 | 1 | 0",   // free (a system message)
        "3  | 3 | 7 | 0",   // more parts kept than billed (a charset changed between pricing and sending)
        "3  | 3 | -1 | 3",
    })
    void only_the_parts_that_never_left_come_back(int credits, int parts, int kept, int refund) {
        assertThat(Price.refund(credits, parts, kept)).isEqualTo(refund);
    }

    @ParameterizedTest(name = "{0} parts at {1}")
    @CsvSource({"1, 1", "2, 1", "3, 1", "4, 4", "7, 2", "10, 7"})
    void what_is_paid_and_what_comes_back_make_the_price(int parts, int perPart) {
        int credits = parts * perPart;
        for (int kept = 0; kept <= parts; kept++) {
            int back = Price.refund(credits, parts, kept);
            assertThat(credits - back).as("%d of %d parts kept", kept, parts).isEqualTo(kept * perPart);
        }
    }
}
