package io.colibri.smsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.SubmitSmResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator against a real SMPP client (jsmpp) over TCP. */
class SmscSimulatorTest {
    SmscSimulator smsc;
    final List<SMPPSession> clients = new java.util.ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(SMPPSession::unbindAndClose);
        smsc.close();
    }

    SMPPSession bind(BindType type, Set<String> receipts) throws Exception {
        SMPPSession s = new SMPPSession();
        if (receipts != null) {
            s.setMessageReceiverListener(new Receiver(receipts));
        }
        s.connectAndBind("127.0.0.1", smsc.port(), new BindParameter(type, "tester", "secret", "",
                TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null));
        clients.add(s);
        return s;
    }

    static String submit(SMPPSession tx, String to, String text) throws Exception {
        SubmitSmResult r = tx.submitShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "Colibri",
                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, to, new ESMClass(), (byte) 0, (byte) 1, null, null,
                new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0, new GeneralDataCoding(), (byte) 0,
                text.getBytes(StandardCharsets.ISO_8859_1));
        return r.getMessageId();
    }

    @Test
    void every_submit_gets_an_id_and_a_delivered_receipt_on_the_receiver_session() throws Exception {
        smsc = SmscSimulator.start("127.0.0.1", 0, Duration.ofMillis(50));
        Set<String> receipts = ConcurrentHashMap.newKeySet();
        bind(BindType.BIND_RX, receipts);
        SMPPSession tx = bind(BindType.BIND_TX, null);
        long before = System.nanoTime();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int n = i;
            ids.add(pool.submit(() -> submit(tx, "3361234" + String.format("%04d", n), "message " + n)));
        }
        Set<String> submitted = ConcurrentHashMap.newKeySet();
        for (Future<String> f : ids) {
            submitted.add(f.get());
        }
        pool.shutdown();

        assertThat(submitted).hasSize(300);
        await().atMost(Duration.ofSeconds(30)).until(() -> receipts.size() == 300);
        assertThat(receipts).isEqualTo(submitted);
        assertThat(smsc.received()).hasSize(300).anySatisfy(s -> assertThat(s.text()).isEqualTo("message 7"));
        assertThat(smsc.received()).allSatisfy(s -> assertThat(s.receivedNanos() - before).isPositive());
    }

    @Test
    void receipts_wait_while_no_receiver_is_bound() throws Exception {
        smsc = SmscSimulator.start("127.0.0.1", 0, Duration.ofMillis(10));
        SMPPSession tx = bind(BindType.BIND_TX, null);
        String id = submit(tx, "33612345678", "hello");

        Set<String> receipts = ConcurrentHashMap.newKeySet();
        await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        bind(BindType.BIND_RX, receipts);
        await().atMost(Duration.ofSeconds(10)).until(() -> receipts.contains(id));
    }

    /** A long message's chosen part: the 2nd submit_sm to a number refused (throttled) twice, then taken. */
    @Test
    void the_nth_submit_to_a_number_is_answered_as_scripted() throws Exception {
        smsc = SmscSimulator.start("127.0.0.1", 0, Duration.ofMillis(10));
        SMPPSession tx = bind(BindType.BIND_TX, null);
        smsc.answerNth("33612345678", 2, 0x58, 2);

        assertThat(submit(tx, "33612345678", "part 1")).isNotBlank();
        assertThat(submit(tx, "33699999999", "another number")).isNotBlank();
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> submit(tx, "33612345678", "part 2"))
                    .isInstanceOfSatisfying(NegativeResponseException.class, e -> assertThat(e.getCommandStatus()).isEqualTo(0x58));
        }
        assertThat(submit(tx, "33612345678", "part 2")).isNotBlank();
        assertThat(submit(tx, "33612345678", "part 3")).isNotBlank();
        assertThat(smsc.received()).extracting(SmscSimulator.Submitted::text).containsExactly("part 1", "another number", "part 2", "part 3");
    }

    /** No answer at all: the client's response timer expires; the submit is listed as received (the SMSC may have it). */
    @Test
    void a_submit_left_unanswered_times_out_at_the_client() throws Exception {
        smsc = SmscSimulator.start("127.0.0.1", 0, Duration.ofMillis(10));
        SMPPSession tx = bind(BindType.BIND_TX, null);
        tx.setTransactionTimer(500);
        smsc.answerNth("33612345678", 1, SmscSimulator.NO_ANSWER, 1);

        assertThatThrownBy(() -> submit(tx, "33612345678", "lost?")).isInstanceOf(ResponseTimeoutException.class);
        assertThat(submit(tx, "33612345678", "next")).isNotBlank();
        assertThat(smsc.received()).extracting(SmscSimulator.Submitted::text).containsExactly("lost?", "next");
    }

    /** Collects the ids of the receipts delivered to a receiver session. */
    record Receiver(Set<String> receipts) implements MessageReceiverListener {
        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) {
            if (deliverSm.isSmscDeliveryReceipt()) {
                try {
                    DeliveryReceipt dr = deliverSm.getShortMessageAsDeliveryReceipt();
                    if ("DELIVRD".equals(dr.getFinalStatus().name())) {
                        receipts.add(dr.getId());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        @Override
        public void onAcceptAlertNotification(org.jsmpp.bean.AlertNotification alertNotification) {
        }

        @Override
        public org.jsmpp.session.DataSmResult onAcceptDataSm(org.jsmpp.bean.DataSm dataSm, org.jsmpp.session.Session source) {
            return null;
        }
    }
}
