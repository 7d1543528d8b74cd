package io.colibri.domain;

import java.util.Arrays;

/**
 * The numeric answers of the legacy {@code /http.php} interface (HTTP-5). Customers' scripts
 * compare these numbers: never renumber one.
 */
public enum Code {
    ACCEPTED(80),
    DEFERRED(81),
    BAD_LOGIN(82),
    NOT_ENOUGH_CREDIT(83),
    INVALID_NUMBER(84),
    BAD_DEFERRED_DATE(85),
    EMPTY_GROUP(86),
    EMPTY_EMAIL(87),
    EMPTY_PASSWORD(88),
    EMPTY_NUMBER(89),
    EMPTY_MESSAGE(90),
    DUPLICATE(91),
    TEST_OK(92),
    DOM_TOM_NOT_ALLOWED(93),
    DEFERRED_CANCELLED(94),
    DEFERRED_NOT_CANCELLED(95),
    IP_NOT_ALLOWED(96),
    TOO_LONG(97);

    private final int value;

    Code(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public static Code of(int value) {
        return Arrays.stream(values()).filter(c -> c.value == value).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no legacy code " + value));
    }

    @Override
    public String toString() {
        return name() + "(" + value + ")";
    }
}
