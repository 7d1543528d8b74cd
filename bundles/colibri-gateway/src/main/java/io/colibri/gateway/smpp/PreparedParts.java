package io.colibri.gateway.smpp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.component.smpp.SmppSplitter;

/**
 * Hands camel-smpp the parts {@link io.colibri.domain.SmsParts} cut, so that what is sent is
 * exactly what was billed: camel-smpp's own splitters count characters, not septets, and would
 * cut a text with '€' or an emoji elsewhere. The body given to camel-smpp is the segments'
 * bytes as an ISO-8859-1 string (one char per byte, encoded back by the CamelSmppEncoding header),
 * which {@link #split} checks before returning the segments. {@link Outbound} hands it one part
 * at a time (one submit_sm per exchange, so that what each part became is known), its UDH
 * already in its bytes.
 */
final class PreparedParts extends SmppSplitter {
    private final List<byte[]> segments;

    PreparedParts(List<byte[]> segments) {
        super(Integer.MAX_VALUE, Integer.MAX_VALUE, 0);
        this.segments = segments;
    }

    /** The body that carries these bytes through camel-smpp unchanged. */
    String carrier() {
        StringBuilder s = new StringBuilder();
        for (byte[] segment : segments) {
            s.append(new String(segment, StandardCharsets.ISO_8859_1));
        }
        return s.toString();
    }

    @Override
    public byte[][] split(byte[] message) {
        byte[] all = carrier().getBytes(StandardCharsets.ISO_8859_1);
        if (!Arrays.equals(all, message)) {
            throw new IllegalStateException("the message body changed after it was cut into parts");
        }
        return segments.toArray(new byte[0][]);
    }
}
