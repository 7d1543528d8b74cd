package io.colibri.domain;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The text of a customer's {@code submit_sm} (its {@code short_message} or {@code message_payload}),
 * and, when it is one part of a long message, which part: the user data header's concatenation
 * element (IEI 0x00, 8-bit reference, or 0x08, 16-bit). Data codings understood: 0 (the SMSC's
 * default alphabet, GSM 03.38, one septet per octet as SMPP carries it), 1 (IA5/ASCII), 3 (Latin-1),
 * 8 (UCS-2, big-endian; surrogate pairs make UTF-16), and 0xF0–0xF3 (GSM 03.38 with a message class).
 */
public final class SmppText {
    /** A long message's part: its reference (per sender and recipient), how many parts, which one (from 1). */
    public record Concat(int ref, int total, int seq) {
    }

    /** The decoded text, and the part it is when the header says so. */
    public record Decoded(String text, Optional<Concat> concat) {
    }

    /** Why the bytes are not a text the gateway sends. */
    public static final class Refused extends Exception {
        private final int status;

        Refused(String message, int status) {
            super(message);
            this.status = status;
        }

        /** The SMPP command_status to answer with. */
        public int status() {
            return status;
        }
    }

    private SmppText() {
    }

    /**
     * @param dataCoding the PDU's data_coding
     * @param udhi       the esm_class's UDHI bit (0x40): the bytes begin with a user data header
     */
    public static Decoded decode(int dataCoding, boolean udhi, byte[] bytes) throws Refused {
        byte[] b = bytes == null ? new byte[0] : bytes;
        int offset = 0;
        Optional<Concat> concat = Optional.empty();
        if (udhi) {
            if (b.length == 0 || (b[0] & 0xFF) + 1 > b.length) {
                throw new Refused("the user data header is longer than the message", SmppStatus.RINVESMCLASS);
            }
            int udhl = b[0] & 0xFF;
            concat = concatenation(b, 1, 1 + udhl);
            offset = 1 + udhl;
        }
        byte[] body = java.util.Arrays.copyOfRange(b, offset, b.length);
        int dc = dataCoding & 0xFF;
        String text;
        if (dc == 0x00 || (dc >= 0xF0 && dc <= 0xF3)) {
            text = gsm(body);
        } else if (dc == 0x01) {
            text = strict(body, StandardCharsets.US_ASCII);
        } else if (dc == 0x03) {
            text = new String(body, StandardCharsets.ISO_8859_1);
        } else if (dc == 0x08) {
            if (body.length % 2 != 0) {
                throw new Refused("UCS-2 text of an odd number of bytes", SmppStatus.RINVMSGLEN);
            }
            text = strict(body, StandardCharsets.UTF_16BE);
        } else {
            throw new Refused(String.format("data coding 0x%02X is not sent by this gateway (0, 1, 3 and 8 are)", dc),
                    SmppStatus.RSUBMITFAIL);
        }
        if (concat.isPresent()) {
            Concat c = concat.get();
            if (c.total() < 1 || c.seq() < 1 || c.seq() > c.total()) {
                throw new Refused("part " + c.seq() + " of " + c.total() + " does not exist", SmppStatus.RINVESMCLASS);
            }
            if (c.total() > PartCount.MAX_PARTS) {
                throw new Refused("a message of " + c.total() + " parts (at most " + PartCount.MAX_PARTS + ")", SmppStatus.RINVMSGLEN);
            }
        }
        return new Decoded(text, concat);
    }

    /** GSM 03.38 unpacked; a byte above 0x7F is no septet. */
    private static String gsm(byte[] septets) throws Refused {
        for (byte s : septets) {
            if ((s & 0x80) != 0) {
                throw new Refused("data coding 0 carries septets, not the byte " + (s & 0xFF), SmppStatus.RINVMSGLEN);
            }
        }
        return Gsm7.decode(septets);
    }

    private static String strict(byte[] body, java.nio.charset.Charset charset) throws Refused {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new Refused("the text is not " + charset.name(), SmppStatus.RINVMSGLEN);
        }
    }

    /** The concatenation element among the header's elements, if there is one. */
    private static Optional<Concat> concatenation(byte[] b, int from, int to) throws Refused {
        int i = from;
        while (i + 1 < to) {
            int iei = b[i] & 0xFF;
            int len = b[i + 1] & 0xFF;
            if (i + 2 + len > to) {
                throw new Refused("a user data header element runs past the header", SmppStatus.RINVESMCLASS);
            }
            if (iei == 0x00 && len == 3) {
                return Optional.of(new Concat(b[i + 2] & 0xFF, b[i + 3] & 0xFF, b[i + 4] & 0xFF));
            }
            if (iei == 0x08 && len == 4) {
                return Optional.of(new Concat(((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF), b[i + 4] & 0xFF, b[i + 5] & 0xFF));
            }
            i += 2 + len;
        }
        return Optional.empty();
    }

    /**
     * A delivery receipt's text as SMSCs write it (SMPP 3.4 appendix B), which ESMEs such as Kannel
     * parse: {@code id:… sub:001 dlvrd:001 submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DELIVRD err:000 text:…}.
     */
    public static String receipt(String id, boolean delivered, String stat, String err, java.time.ZonedDateTime submitted,
                                 java.time.ZonedDateTime done, String text) {
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("yyMMddHHmm");
        String start = text == null ? "" : text.length() > 20 ? text.substring(0, 20) : text;
        String e = err == null || err.isBlank() ? "000" : err.length() > 3 ? err.substring(0, 3) : err;
        return "id:" + id + " sub:001 dlvrd:" + (delivered ? "001" : "000") + " submit date:" + f.format(submitted)
                + " done date:" + f.format(done) + " stat:" + stat + " err:" + e + " text:" + start;
    }

    /** The receipt's {@code stat:} for a message's final status (DELIVERED, UNDELIVERABLE, FAILED, CANCELLED). */
    public static String stat(String status) {
        return switch (status) {
            case "DELIVERED" -> "DELIVRD";
            case "UNDELIVERABLE" -> "UNDELIV";
            case "CANCELLED" -> "DELETED";
            case "EXPIRED" -> "EXPIRED";
            default -> "REJECTD";
        };
    }
}
