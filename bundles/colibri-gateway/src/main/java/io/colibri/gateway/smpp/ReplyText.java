package io.colibri.gateway.smpp;

import io.colibri.domain.Gsm7;
import io.colibri.domain.SmscCharset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.smpp.SmppConstants;

/**
 * Bean of the receipts-and-replies routes: the text of a reply (MO) as the phone wrote it.
 * camel-smpp decodes data coding 0 as Latin-1, which keeps every byte; a connector whose SMSC
 * sends the GSM 03.38 default alphabet (the default) gets those bytes read as GSM. UCS-2 and the
 * other codings are decoded by camel-smpp already.
 */
public final class ReplyText {
    private final Map<String, SmscCharset> charsets;

    /** @param charsets how each connector's SMSC reads data coding 0, by connector name */
    public ReplyText(Map<String, SmscCharset> charsets) {
        this.charsets = Map.copyOf(charsets);
    }

    public String decode(Exchange exchange, String connector) {
        var msg = exchange.getMessage();
        Object body = msg.getBody();
        Byte dataCoding = msg.getHeader(SmppConstants.DATA_CODING, Byte.class);
        String text = body instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : msg.getBody(String.class);
        if (text == null) {
            return "";
        }
        int dc = dataCoding == null ? 0 : dataCoding & 0xFF;
        // 0: the SMSC's default alphabet; 0x10-0x13 and 0xF0-0xF3: a message class with the GSM 7-bit alphabet.
        boolean defaultAlphabet = dc == 0 || (dc & 0xEC) == 0x10 || (dc & 0xFC) == 0xF0;
        if (defaultAlphabet && charsets.getOrDefault(connector, SmscCharset.GSM) == SmscCharset.GSM) {
            return Gsm7.decode(text.getBytes(StandardCharsets.ISO_8859_1));
        }
        return text;
    }
}
