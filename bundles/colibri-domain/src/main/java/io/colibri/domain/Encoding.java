package io.colibri.domain;

/** The two alphabets an SMS is sent in. */
public enum Encoding {
    /** GSM 03.38 default alphabet, 7 bits a character; SMPP data_coding 0. */
    GSM7(160, 153),
    /** UCS-2, 16 bits a character; SMPP data_coding 8. */
    UCS2(70, 67);

    /** Units (septets or UCS-2 characters) that fit in a single, unsplit message. */
    public final int single;
    /** Units that fit in one part of a concatenated message (the UDH takes the rest). */
    public final int perPart;

    Encoding(int single, int perPart) {
        this.single = single;
        this.perPart = perPart;
    }
}
