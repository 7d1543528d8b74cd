package io.colibri.gateway.smppserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.domain.Gsm7;
import io.colibri.gateway.RouteTestSupport;
import io.colibri.gateway.account.SmppCredentials;
import io.colibri.gateway.store.Sms;
import io.colibri.smsc.SmscSimulator;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.smpp.Session;
import org.smpp.TCPIPConnection;
import org.smpp.pdu.Address;
import org.smpp.pdu.BindReceiver;
import org.smpp.pdu.BindRequest;
import org.smpp.pdu.BindTransciever;
import org.smpp.pdu.BindTransmitter;
import org.smpp.pdu.DeliverSM;
import org.smpp.pdu.PDU;
import org.smpp.pdu.SubmitSM;
import org.smpp.pdu.SubmitSMResp;
import org.smpp.util.ByteBuffer;

/**
 * The SMPP server for customers' ESMEs (issue 17), driven by OpenSMPP, a client library other
 * than the jsmpp the server is built on, over TCP: binds, submits in each coding and in parts,
 * receipts and replies back, refusals with their command_status, throttling, malformed PDUs.
 */
class SmppServerTest extends RouteTestSupport {
    private static final String PHONE = "33612345678";
    private final List<Session> sessions = new ArrayList<>();

    @AfterEach
    void closeSessions() {
        for (Session s : sessions) {
            try {
                if (s.isBound()) {
                    s.unbind();
                }
                s.close();
            } catch (Exception e) {
                // already gone
            }
        }
    }

    private record Esme(String account, String systemId, String password) {
    }

    private Esme esme(int credits, SmppCredentials.Limits limits) {
        String account = newAccount(credits);
        String systemId = "e" + (System.nanoTime() % 100_000_000L);
        SmppCredentials.Made made = store.smppCredentials().create(account.split(" ")[0], systemId, limits);
        assertThat(made.password()).hasSize(8);
        return new Esme(account, systemId, made.password());
    }

    private Esme esme(int credits) {
        return esme(credits, new SmppCredentials.Limits(0, 0, 0));
    }

    private Session bind(BindRequest request, Esme esme, String password, int expectedStatus) throws Exception {
        Session s = new Session(new TCPIPConnection("127.0.0.1", smppServerPort()));
        sessions.add(s);
        request.setSystemId(esme.systemId());
        request.setPassword(password);
        request.setInterfaceVersion((byte) 0x34);
        assertThat(s.bind(request).getCommandStatus()).isEqualTo(expectedStatus);
        return s;
    }

    private Session bind(BindRequest request, Esme esme) throws Exception {
        return bind(request, esme, esme.password(), 0);
    }

    private static SubmitSM submit(String to, int dataCoding, byte[] bytes, boolean registered) throws Exception {
        SubmitSM sm = new SubmitSM();
        sm.setSourceAddr(new Address((byte) 5, (byte) 0, "Colibri"));
        sm.setDestAddr(new Address((byte) 1, (byte) 1, to));
        sm.setDataCoding((byte) dataCoding);
        sm.setShortMessageData(new ByteBuffer(bytes));
        sm.setRegisteredDelivery((byte) (registered ? 1 : 0));
        return sm;
    }

    /** The next deliver_sm, answered. */
    private static DeliverSM deliver(Session s) throws Exception {
        long until = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < until) {
            PDU p = s.receive(500);
            if (p instanceof DeliverSM d) {
                s.respond(d.getResponse());
                return d;
            }
        }
        throw new AssertionError("no deliver_sm within 20 s");
    }

    private long accountId(Esme e) {
        return store.accounts().show(e.account().split(" ")[0]).orElseThrow().id();
    }

    @Test
    void binds_each_way_and_refuses_a_wrong_password() throws Exception {
        Esme e = esme(5);
        Session tx = bind(new BindTransmitter(), e);
        Session rx = bind(new BindReceiver(), e);
        Session trx = bind(new BindTransciever(), e);
        assertThat(tx.enquireLink().getCommandStatus()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> context.getRegistry().lookupByNameAndType("smppServer", SmppServer.class)
                .boundSessions() >= 3);
        bind(new BindTransmitter(), e, "wrongpw1", 0x0D);
        Esme unknown = new Esme(e.account(), "nobody", "whatever");
        bind(new BindTransmitter(), unknown, "whatever", 0x0D);
        assertThat(rx.unbind().getCommandStatus()).isZero();
        assertThat(trx.unbind().getCommandStatus()).isZero();
        // the account's channels without smpp: no bind
        store.accounts().setOption(e.account().split(" ")[0], "channels", "http");
        bind(new BindTransmitter(), e, e.password(), 0x0D);
    }

    @Test
    void a_submit_is_recorded_debited_sent_and_its_receipt_comes_back_with_our_id() throws Exception {
        Esme e = esme(10);
        Session trx = bind(new BindTransciever(), e);
        int before = smsc.received().size();
        SubmitSMResp resp = trx.submit(submit(PHONE, 0, Gsm7.encode("Réunion à 18h, 5 €"), true));
        assertThat(resp.getCommandStatus()).isZero();
        long id = Long.parseLong(resp.getMessageId());
        Sms sms = store.queries().latest(accountId(e), 5).get(0);
        assertThat(sms.getId()).isEqualTo(id);
        assertThat(balance(e.account())).isEqualTo(9);
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == before + 1);
        SmscSimulator.Submitted sent = smsc.received().get(before);
        assertThat(sent.text()).isEqualTo("Réunion à 18h, 5 €");
        assertThat(sent.destination()).isEqualTo(PHONE);
        DeliverSM receipt = deliver(trx);
        assertThat(receipt.getEsmClass() & 0x3C).isEqualTo(0x04);
        String text = new String(receipt.getShortMessageData().getBuffer(), StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("id:" + id + " sub:001 dlvrd:001 ").contains("stat:DELIVRD err:000");
        assertThat(receipt.getReceiptedMessageId()).isEqualTo(String.valueOf(id));
        assertThat(receipt.getMessageState()).isEqualTo((byte) 2);
        assertThat(receipt.getSourceAddr().getAddress()).isEqualTo(PHONE);
        assertThat(receipt.getDestAddr().getAddress()).isEqualTo("Colibri");
        await().atMost(Duration.ofSeconds(5)).until(() -> events(e) == 0);
    }

    @Test
    void latin1_ucs2_and_message_payload_are_read_and_billed_by_their_parts() throws Exception {
        Esme e = esme(20);
        store.accounts().setOption(e.account().split(" ")[0], "long-sms", "on");
        Session tx = bind(new BindTransmitter(), e);
        int before = smsc.received().size();
        assertThat(tx.submit(submit(PHONE, 3, "Été à Noël".getBytes(StandardCharsets.ISO_8859_1), false)).getCommandStatus()).isZero();
        assertThat(tx.submit(submit(PHONE, 8, "Ελλάδα 🎉".getBytes(StandardCharsets.UTF_16BE), false)).getCommandStatus()).isZero();
        String longText = "Bonjour, ".repeat(25).strip();
        SubmitSM payload = submit(PHONE, 0, new byte[0], false);
        payload.setMessagePayload(new ByteBuffer(Gsm7.encode(longText)));
        assertThat(tx.submit(payload).getCommandStatus()).isZero();
        // 1 + 1 + 2 parts (224 septets)
        assertThat(balance(e.account())).isEqualTo(16);
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == before + 4);
        List<String> texts = smsc.received().subList(before, before + 4).stream().map(SmscSimulator.Submitted::text).toList();
        assertThat(texts).contains("Été à Noël", "Ελλάδα 🎉");
        List<String> rest = texts.stream().filter(t -> !t.equals("Été à Noël") && !t.equals("Ελλάδα 🎉")).toList();
        assertThat(String.join("", rest)).isEqualTo(longText);
    }

    @Test
    void the_parts_of_a_long_message_are_billed_and_sent_as_the_parts_they_are() throws Exception {
        Esme e = esme(10);
        store.accounts().setOption(e.account().split(" ")[0], "long-sms", "on");
        Session trx = bind(new BindTransciever(), e);
        String[] parts = {"A".repeat(153), "B".repeat(153), "C".repeat(40)};
        List<String> ids = new ArrayList<>();
        int before = smsc.received().size();
        for (int i = 0; i < parts.length; i++) {
            byte[] udh = {0x05, 0x00, 0x03, 0x2A, 0x03, (byte) (i + 1)};
            byte[] body = Gsm7.encode(parts[i]);
            byte[] all = new byte[udh.length + body.length];
            System.arraycopy(udh, 0, all, 0, udh.length);
            System.arraycopy(body, 0, all, udh.length, body.length);
            SubmitSM sm = submit(PHONE, 0, all, true);
            sm.setEsmClass((byte) 0x40);
            SubmitSMResp resp = trx.submit(sm);
            assertThat(resp.getCommandStatus()).isZero();
            ids.add(resp.getMessageId());
        }
        assertThat(ids.get(0)).startsWith("P");
        assertThat(ids.get(1)).startsWith("P");
        long id = Long.parseLong(ids.get(2));
        assertThat(balance(e.account())).isEqualTo(7);
        assertThat(store.queries().latest(accountId(e), 5)).extracting(Sms::getId).containsExactly(id);
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == before + 3);
        assertThat(smsc.received().subList(before, before + 3)).extracting(SmscSimulator.Submitted::text)
                .containsExactly(parts[0], parts[1], parts[2]);
        List<String> receipted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            receipted.add(deliver(trx).getReceiptedMessageId());
        }
        assertThat(receipted).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void each_refusal_has_its_command_status() throws Exception {
        Esme e = esme(1);
        Session tx = bind(new BindTransmitter(), e);
        assertThat(tx.submit(submit("12", 0, Gsm7.encode("hi"), false)).getCommandStatus()).isEqualTo(0x0B);
        assertThat(tx.submit(submit(PHONE, 0, new byte[0], false)).getCommandStatus()).isEqualTo(0x01);
        assertThat(tx.submit(submit(PHONE, 4, new byte[] {1, 2}, false)).getCommandStatus()).isEqualTo(0x45);
        assertThat(tx.submit(submit(PHONE, 0, Gsm7.encode("one"), false)).getCommandStatus()).isZero();
        assertThat(tx.submit(submit(PHONE, 0, Gsm7.encode("two"), false)).getCommandStatus()).isEqualTo(0x453);
        assertThat(balance(e.account())).isZero();
        assertThat(store.queries().latest(accountId(e), 5)).hasSize(1);
    }

    @Test
    void schedule_delivery_time_defers_and_validity_period_bounds_the_operator_s_tries() throws Exception {
        Esme e = esme(5);
        Session tx = bind(new BindTransmitter(), e);
        java.time.ZonedDateTime at = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusDays(2).withHour(10).withMinute(30)
                .withSecond(0).withNano(0);
        SubmitSM later = submit(PHONE, 0, Gsm7.encode("Rendez-vous demain"), false);
        // absolute, written as Paris in winter would (+1 h: 4 quarter hours), then converted back
        later.setScheduleDeliveryTime(at.plusHours(1).format(java.time.format.DateTimeFormatter.ofPattern("yyMMddHHmmss")) + "004+");
        later.setValidityPeriod("000000053000000R");
        assertThat(tx.submit(later).getCommandStatus()).isZero();
        Sms deferred = store.queries().latest(accountId(e), 5).get(0);
        assertThat(deferred.getStatus()).isEqualTo(Sms.Status.SCHEDULED);
        assertThat(deferred.getSendAt().toInstant()).isEqualTo(at.toInstant());
        assertThat(deferred.getValidityMinutes()).isEqualTo(6 * 60);
        SubmitSM past = submit(PHONE, 0, Gsm7.encode("Trop tard"), false);
        past.setScheduleDeliveryTime("200101120000000+");
        assertThat(tx.submit(past).getCommandStatus()).isEqualTo(0x61);
        assertThat(balance(e.account())).isEqualTo(4);
    }

    @Test
    void a_bind_past_its_rate_is_throttled() throws Exception {
        Esme e = esme(50, new SmppCredentials.Limits(0, 0, 3));
        Session tx = bind(new BindTransmitter(), e);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(tx.submit(submit(PHONE, 0, Gsm7.encode("rate " + i), false)).getCommandStatus());
        }
        assertThat(statuses).contains(0x58);
        long accepted = statuses.stream().filter(s -> s == 0).count();
        assertThat(accepted).isBetween(3L, 6L);
        assertThat(balance(e.account())).isEqualTo(50 - accepted);
    }

    @Test
    void receipts_wait_while_no_receiver_is_bound_and_a_reply_follows() throws Exception {
        Esme e = esme(10);
        Session tx = bind(new BindTransmitter(), e);
        SubmitSMResp resp = tx.submit(submit(PHONE, 0, Gsm7.encode("Venez-vous ?"), true));
        long id = Long.parseLong(resp.getMessageId());
        await().atMost(Duration.ofSeconds(20)).until(() -> events(e) == 1);
        smsc.mo(null, "+" + PHONE, "38100", "Oui, à demain");
        await().atMost(Duration.ofSeconds(20)).until(() -> events(e) == 2);
        Session rx = bind(new BindReceiver(), e);
        DeliverSM receipt = deliver(rx);
        assertThat(receipt.getReceiptedMessageId()).isEqualTo(String.valueOf(id));
        DeliverSM reply = deliver(rx);
        assertThat(reply.getEsmClass() & 0x3C).isZero();
        assertThat(reply.getSourceAddr().getAddress()).isEqualTo(PHONE);
        assertThat(reply.getDestAddr().getAddress()).isEqualTo("Colibri");
        byte[] bytes = reply.getShortMessageData().getBuffer();
        String text = reply.getDataCoding() == 8 ? new String(bytes, StandardCharsets.UTF_16BE) : Gsm7.decode(bytes);
        assertThat(text).isEqualTo("Oui, à demain");
        await().atMost(Duration.ofSeconds(5)).until(() -> events(e) == 0);
    }

    @Test
    void malformed_pdus_get_a_generic_nack_and_a_vanished_client_frees_its_bind() throws Exception {
        Esme e = esme(5, new SmppCredentials.Limits(1, 0, 0));
        try (Socket raw = new Socket("127.0.0.1", smppServerPort())) {
            raw.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(raw.getOutputStream());
            DataInputStream in = new DataInputStream(raw.getInputStream());
            // bind_transmitter, written by hand
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            body.write((e.systemId() + "\0" + e.password() + "\0\0").getBytes(StandardCharsets.US_ASCII));
            body.write(new byte[] {0x34, 0, 0, 0});
            out.writeInt(16 + body.size());
            out.writeInt(0x00000002);
            out.writeInt(0);
            out.writeInt(1);
            out.write(body.toByteArray());
            out.flush();
            int bindLength = in.readInt();
            assertThat(in.readInt()).isEqualTo(0x80000002);
            assertThat(in.readInt()).isZero();
            in.skipBytes(bindLength - 12);
            // a PDU of an unknown command id
            out.writeInt(16);
            out.writeInt(0x00000777);
            out.writeInt(0);
            out.writeInt(7);
            out.flush();
            int length = in.readInt();
            int command = in.readInt();
            int status = in.readInt();
            int sequence = in.readInt();
            in.skipBytes(length - 16);
            assertThat(command).isEqualTo(0x80000000);
            assertThat(status).isEqualTo(0x03);
            assertThat(sequence).isEqualTo(7);
        }
        // the raw client's bind is gone with its socket; another binds (its one bind) and vanishes without unbind: its bind is freed
        await().atMost(Duration.ofSeconds(10)).until(() -> context.getRegistry().lookupByNameAndType("smppServer", SmppServer.class)
                .boundSessions() == 0);
        Session gone = bind(new BindTransciever(), e);
        gone.getConnection().close();
        sessions.remove(gone);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Session again = new Session(new TCPIPConnection("127.0.0.1", smppServerPort()));
            BindTransciever b = new BindTransciever();
            b.setSystemId(e.systemId());
            b.setPassword(e.password());
            b.setInterfaceVersion((byte) 0x34);
            int status = again.bind(b).getCommandStatus();
            if (status == 0) {
                sessions.add(again);
            } else {
                again.close();
            }
            assertThat(status).isZero();
        });
        Session s = sessions.get(sessions.size() - 1);
        assertThat(s.submit(submit(PHONE, 0, Gsm7.encode("still here"), false)).getCommandStatus()).isZero();
    }

    @Test
    void an_operator_gives_and_takes_a_login_through_the_admin_api() throws Exception {
        String account = newAccount(3);
        long id = store.accounts().show(account.split(" ")[0]).orElseThrow().id();
        String key = store.apiKeys().createOperator("ops").key();
        java.net.http.HttpResponse<String> made = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + httpPort + "/api/v1/admin/accounts/" + id + "/smpp"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"systemId\":\"crm42\",\"window\":4}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"password\":\"(\\w{8})\"").matcher(made.body());
        assertThat(m.find()).as(made.body()).isTrue();
        assertThat(made.body()).contains("\"systemId\":\"crm42\"", "\"window\":4", "\"binds\":0");
        Esme e = new Esme(account, "crm42", m.group(1));
        Session tx = bind(new BindTransmitter(), e);
        assertThat(tx.submit(submit(PHONE, 0, Gsm7.encode("via the admin API"), false)).getCommandStatus()).isZero();
        java.net.http.HttpResponse<String> removed = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + httpPort + "/api/v1/admin/accounts/" + id + "/smpp"))
                .header("Authorization", "Bearer " + key).DELETE().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(removed.statusCode()).isEqualTo(200);
        assertThat(removed.body()).contains("\"removed\":true");
        bind(new BindTransmitter(), e, e.password(), 0x0D);
    }

    private long events(Esme e) {
        long accountId = accountId(e);
        return store.database().jdbc(c -> {
            try (var s = c.prepareStatement("select count(*) from smpp_event where account_id = ?")) {
                s.setLong(1, accountId);
                try (var r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }
}
