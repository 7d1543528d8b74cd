package io.colibri.domain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A text cut into the parts an operator bills and delivers (OPT-7): GSM 7-bit when every
 * character can go with data_coding 0 on the connector's SMSC, UCS-2 otherwise. One part holds
 * 160 septets (70 UCS-2 units); once split, each part holds 153 (67), the rest being the
 * concatenation header (UDH). A part never ends between an escape and its extension character,
 * nor inside a surrogate pair, so a text can need one part more than its length alone says —
 * exactly as phones and operators split it.
 *
 * @param encoding the alphabet of every part
 * @param units    septets (GSM 7-bit) or UTF-16 units (UCS-2) of the whole text
 * @param payloads the bytes of each part without UDH, as SMPP carries them
 */
public record SmsParts(Encoding encoding, int units, List<byte[]> payloads) {

    /** The most parts a message may have (a text needing more is refused). */
    public static final int MAX_PARTS = 8;

    /** UDH for concatenation with an 8-bit reference: IEI 00, length 3, ref, total, sequence. */
    static final int UDH_LENGTH = 6;

    public static SmsParts of(String text, SmscCharset charset) {
        boolean seven = text.codePoints().allMatch(charset::sendable);
        return seven ? sevenBit(text, charset) : ucs2(text);
    }

    private static SmsParts sevenBit(String text, SmscCharset charset) {
        int total = Gsm7.septets(text);
        int limit = total <= Encoding.GSM7.single ? Encoding.GSM7.single : Encoding.GSM7.perPart;
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
            int s = Gsm7.septets(text.charAt(i));
            if (septets + s > limit) {
                parts.add(bytes(text.substring(start, i), charset));
                start = i;
                septets = 0;
            }
            septets += s;
        }
        parts.add(bytes(text.substring(start), charset));
        return new SmsParts(Encoding.GSM7, total, List.copyOf(parts));
    }

    private static byte[] bytes(String chunk, SmscCharset charset) {
        return charset == SmscCharset.GSM ? Gsm7.encode(chunk) : chunk.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static SmsParts ucs2(String text) {
        int total = text.length();
        int limit = total <= Encoding.UCS2.single ? Encoding.UCS2.single : Encoding.UCS2.perPart;
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        while (start < total) {
            int end = Math.min(start + limit, total);
            if (end < total && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--; // keep the emoji's two halves in one part
            }
            parts.add(text.substring(start, end).getBytes(StandardCharsets.UTF_16BE));
            start = end;
        }
        if (parts.isEmpty()) {
            parts.add(new byte[0]);
        }
        return new SmsParts(Encoding.UCS2, total, List.copyOf(parts));
    }

    public int count() {
        return payloads.size();
    }

    public boolean tooLong() {
        return count() > MAX_PARTS;
    }

    public PartCount partCount() {
        return new PartCount(encoding, units, count());
    }

    /**
     * SMPP data_coding: 0x00 (default alphabet) or 0x08 (UCS-2); with {@code flash}, the message
     * class 0 variants 0x10 and 0x18, shown at once and not stored (OPT-2).
     */
    public byte dataCoding(boolean flash) {
        byte alphabet = encoding == Encoding.GSM7 ? (byte) 0x00 : (byte) 0x08;
        return flash ? (byte) (0x10 | alphabet) : alphabet;
    }

    /**
     * The short_message of each submit_sm: the payload alone for a single part, else the UDH
     * ({@code 05 00 03 ref total seq}) then the payload, with esm_class UDHI set by the sender.
     */
    public List<byte[]> segments(int reference) {
        if (count() == 1) {
            return payloads;
        }
        List<byte[]> segments = new ArrayList<>(count());
        for (int i = 0; i < count(); i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(UDH_LENGTH + payloads.get(i).length);
            out.write(0x05);
            out.write(0x00);
            out.write(0x03);
            out.write(reference & 0xFF);
            out.write(count());
            out.write(i + 1);
            out.writeBytes(payloads.get(i));
            segments.add(out.toByteArray());
        }
        return segments;
    }
}
