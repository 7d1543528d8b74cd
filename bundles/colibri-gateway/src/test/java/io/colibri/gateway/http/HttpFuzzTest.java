package io.colibri.gateway.http;

import io.colibri.gateway.RouteTestSupport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.domain.Code;
import io.colibri.gateway.http.LegacyHttp;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: hostile input on /http.php, through the real route over raw HTTP/1.1 (so that requests
 * may carry what a polite client would refuse to send: bad percent escapes, Latin-1 bytes,
 * repeated parameters, huge fields). Seeded, bounded: {@value #REQUESTS} requests. Each one gets
 * HTTP 200 with a documented code, or 400/413/414 from the edge; the gateway never fails (503) nor
 * stops answering; a message is recorded and debited for each 80 or 81 and for nothing else.
 */
class HttpFuzzTest extends RouteTestSupport {
    static final int REQUESTS = 10_000;
    static final long SEED = 20261201L;
    static final Set<String> CODES = Arrays.stream(Code.values()).map(c -> Integer.toString(c.value())).collect(Collectors.toSet());

    @Override
    protected List<java.lang.annotation.Annotation> configs() {
        // Every wrong login comes from this test's one address: no lockout, so that each request is judged on itself.
        List<java.lang.annotation.Annotation> configs = super.configs();
        configs.add(http(Map.of("maxFailedLogins", Integer.MAX_VALUE - 1, "loginBlockMinutes", 1)));
        return configs;
    }

    @Test
    void ten_thousand_hostile_requests_each_get_a_documented_answer_and_only_accepted_ones_are_debited() throws Exception {
        String account = newAccount(1_000_000);
        String email = account.split(" ")[0];
        String password = account.split(" ")[1];
        Random random = new Random(SEED);
        Map<String, Integer> answers = new TreeMap<>();
        int accepted = 0;
        try (RawClient client = new RawClient(httpPort)) {
            for (int i = 0; i < REQUESTS; i++) {
                byte[] request = request(random, email, password, i);
                Response r = client.send(request);
                String outcome = r.status == 200 ? r.body : "HTTP " + r.status;
                answers.merge(outcome.length() > 20 ? outcome.substring(0, 20) : outcome, 1, Integer::sum);
                if (r.status == 200) {
                    assertThat(CODES).as("request %d answered %s: %s", i, r.body, new String(request, StandardCharsets.ISO_8859_1))
                            .contains(r.body);
                    if (r.body.equals("80") || r.body.equals("81")) {
                        accepted++;
                    }
                } else {
                    assertThat(r.status).as("request %d: %s", i, new String(request, StandardCharsets.ISO_8859_1)).isIn(400, 413, 414);
                }
            }
        }
        System.out.println("HttpFuzzTest: " + REQUESTS + " requests, answers " + answers);
        // Still answering, as before.
        assertThat(get(params(account, "0612345678", "après la tempête"))).isEqualTo("80");
        accepted++;
        long id = store.accounts().show(email).orElseThrow().id();
        int expected = accepted;
        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from message where account_id = " + id) == expected);
        long debited = count("select coalesce(-sum(credits), 0) from ledger_entry where account_id = " + id + " and kind = 'DEBIT'");
        long billed = count("select coalesce(sum(credits), 0) from message where account_id = " + id);
        assertThat(debited).as("debits = the credits of the messages recorded, and of nothing else").isEqualTo(billed);
        assertThat(balance(account)).isEqualTo(count("select sum(credits) from ledger_entry where account_id = " + id));
        assertThat(answers).as("answers seen: %s", answers).containsKeys("80", "82", "84", "90");
    }

    private long count(String sql) {
        return store.database().jdbc(c -> {
            try (var s = c.createStatement(); var r = s.executeQuery(sql)) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    // ---------------------------------------------------------------- generation

    private static final String[] NUMBERS = {"0612345678", "+33612345678", "06 12 34 56 78", "0690123456", "0590123456", "0123456789",
            "abc", "", "0".repeat(60), "06123456789012", "+999123456789", "0612345678,0698765432", "+33 (0)6 12-34-56-78", "33612345678",
            "\u0000", "06１２３４５６７８", "-1", "0612345678\r\nX-Injected: 1"};
    private static final String[] TEXTS = {"Bonjour", "", " ", "Réunion à 18 h, apportez 5 €", "[v1]", "a\u0000b\u0007c", "🙂 émoji",
            "ligne 1\nligne 2", "%", "&message=double", "x".repeat(159), "x".repeat(161), "é".repeat(71), "<script>alert(1)</script>"};
    private static final String[] DIFFS = {"garbage", "000001011999", "9".repeat(100), "", "1200s", "2500320132026", "120031122099"};

    private static byte[] request(Random r, String email, String password, int i) {
        List<String[]> params = new ArrayList<>();
        params.add(new String[] {"email", pick(r, new String[] {email, email, email, email.toUpperCase(Locale.ROOT), "nobody@example.org", "",
                "a".repeat(3000) + "@x.fr", "é@x.fr", "email@" + "x".repeat(300)})});
        params.add(new String[] {"pass", pick(r, new String[] {password, password, password, "wrong", "", "p".repeat(5000), "ÿþ"})});
        params.add(new String[] {"numero", pick(r, NUMBERS)});
        String text = r.nextInt(10) == 0 ? randomText(r) : pick(r, TEXTS);
        params.add(new String[] {"message", text.isEmpty() || r.nextInt(4) != 0 ? text : text + " " + i});
        if (r.nextInt(5) == 0) {
            String future = ZonedDateTime.now(ZoneId.of("Europe/Paris")).plusDays(2).format(DateTimeFormatter.ofPattern("HHmmddMMyyyy"));
            params.add(new String[] {"diff", r.nextBoolean() ? future : pick(r, DIFFS)});
        }
        if (r.nextInt(8) == 0) {
            params.add(new String[] {"test", pick(r, new String[] {"o", "O", "n", "oui", ""})});
        }
        if (r.nextInt(10) == 0) {
            String[] again = params.get(r.nextInt(params.size()));
            params.add(new String[] {again[0], pick(r, TEXTS)});
        }
        if (r.nextInt(12) == 0) {
            params.remove(r.nextInt(params.size()));
        }
        java.util.Collections.shuffle(params, r);
        boolean latin1 = r.nextInt(6) == 0;
        StringBuilder form = new StringBuilder();
        for (String[] p : params) {
            form.append(form.length() == 0 ? "" : "&").append(p[0]).append('=').append(encode(p[1], latin1, r));
        }
        if (r.nextInt(40) == 0) {
            form.append("&broken=%zz%");
        }
        String query = form.toString();
        if (r.nextInt(3) != 0) {
            return ("GET /http.php?" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        }
        byte[] body = query.getBytes(StandardCharsets.ISO_8859_1);
        if (r.nextInt(20) == 0) {
            body = Arrays.copyOf(body, body.length + 9000);
            Arrays.fill(body, body.length - 9000, body.length, (byte) 'x');
        }
        String type = pick(r, new String[] {"application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
                "application/x-www-form-urlencoded; charset=ISO-8859-1", "application/x-www-form-urlencoded; charset=nonsense",
                "text/plain"});
        byte[] head = ("POST /http.php HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private static String encode(String value, boolean latin1, Random r) {
        byte[] bytes = value.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '@') {
                out.append((char) c);
            } else if (c == ' ' && r.nextBoolean()) {
                out.append('+');
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    private static String randomText(Random r) {
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(400);
        for (int i = 0; i < n; i++) {
            s.appendCodePoint(r.nextInt(4) == 0 ? r.nextInt(0x2FFF) : 32 + r.nextInt(95));
        }
        return s.toString().replace('\uFFFE', 'x');
    }

    private static String pick(Random r, String[] options) {
        return options[r.nextInt(options.length)];
    }

    // ---------------------------------------------------------------- a raw HTTP/1.1 client

    record Response(int status, String body) {
    }

    /** One keep-alive connection, opened again when the server closes it (after a 400, for instance). */
    static final class RawClient implements AutoCloseable {
        private final int port;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        RawClient(int port) {
            this.port = port;
        }

        /** Sends on the open connection; if the server had closed it meanwhile, once more on a new one. */
        Response send(byte[] request) throws IOException {
            boolean reused = socket != null;
            try {
                return exchange(request);
            } catch (IOException e) {
                close();
                if (!reused) {
                    throw e;
                }
                return exchange(request);
            }
        }

        private Response exchange(byte[] request) throws IOException {
            if (socket == null) {
                socket = new Socket("127.0.0.1", port);
                socket.setSoTimeout(30_000);
                in = new BufferedInputStream(socket.getInputStream());
                out = socket.getOutputStream();
            }
            out.write(request);
            out.flush();
            return read();
        }

        private Response read() throws IOException {
            String status = line();
            int code = Integer.parseInt(status.split(" ")[1]);
            int length = -1;
            boolean chunked = false;
            boolean closing = false;
            String h;
            while (!(h = line()).isEmpty()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closing = true;
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                int size;
                while ((size = Integer.parseInt(line().split(";")[0].strip(), 16)) > 0) {
                    body.write(in.readNBytes(size));
                    line();
                }
                line();
            } else if (length >= 0) {
                body.write(in.readNBytes(length));
            } else {
                body.write(in.readAllBytes());
                closing = true;
            }
            if (closing) {
                close();
            }
            return new Response(code, body.toString(StandardCharsets.UTF_8).strip());
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                if (c != '\r') {
                    s.append((char) c);
                }
            }
            if (c < 0 && s.isEmpty()) {
                throw new IOException("connection closed");
            }
            return s.toString();
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
                socket = null;
            }
        }
    }
}
