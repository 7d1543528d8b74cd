package io.colibri.domain;

/** Credits a message costs: one credit a part to a metropolitan French mobile (OPT-7). */
public final class Price {
    private Price() {
    }

    public static int credits(PhoneNumber number, PartCount parts) {
        return switch (number.numberClass()) {
            case FRENCH_MOBILE -> parts.parts();
        };
    }
}
