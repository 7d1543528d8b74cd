package io.colibri.smsc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jsmpp.PDUStringException;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.SessionState;
import io.colibri.domain.Gsm7;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small SMSC speaking SMPP 3.4 over TCP: it accepts any bind, answers every {@code submit_sm}
 * with a fresh message id, and after a delay sends a delivery receipt (stat DELIVRD) to a
 * receiver or transceiver session of the same system id. Receipts wait while no such session is
 * bound, as a real SMSC keeps them. It listens on the given address only.
 */
public final class SmscSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmscSimulator.class);

    /**
     * One {@code submit_sm} as received, with its text decoded for tests and demos, and when it
     * arrived ({@link System#nanoTime()}, comparable only within this JVM: the bench times each
     * HTTP request to its submit_sm with it), and its validity_period as sent (SMPP time format).
     */
    public record Submitted(String systemId, String messageId, String source, String destination,
                            byte dataCoding, byte esmClass, byte[] shortMessage, String text, long receivedNanos,
                            String validityPeriod) {
    }

    private record Bound(String systemId, BindType type, SMPPServerSession session) {
    }

    private final SMPPServerSessionListener listener;
    private final LoopbackFactory sockets;
    private final Duration receiptDelay;
    /**
     * Appended at every submit_sm without copying (a CopyOnWriteArrayList copied the whole list at
     * each submit: above ~2 000/s the simulator itself became the limit); read by copying.
     */
    private final java.util.Queue<Submitted> received = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicLong receivedCount = new AtomicLong();
    /** Destination → SMPP error status and how many more submits to refuse with it. */
    private final java.util.Map<String, int[]> refusals = new java.util.concurrent.ConcurrentHashMap<>();
    /** Destination → how its nth submit_sm from now on is answered (a long message's chosen part). */
    private final java.util.Map<String, Script> scripts = new java.util.concurrent.ConcurrentHashMap<>();
    /** Released at {@link #close}: submit_sm left unanswered wait on it. */
    private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);
    /** The longest a submit_sm is left unanswered (then answered, late: the ESME gave up on it long before). */
    static final Duration UNANSWERED_HOLD = Duration.ofSeconds(60);
    private final java.util.Map<String, String> fixedIds = new java.util.concurrent.ConcurrentHashMap<>();
    /** Destination → how many more of its messages get an UNDELIV receipt; and those messages' ids. */
    private final java.util.Map<String, Integer> undeliverable = new java.util.concurrent.ConcurrentHashMap<>();
    /** Destination → the error code its UNDELIV receipts carry (default 001). */
    private final java.util.Map<String, String> undeliverableError = new java.util.concurrent.ConcurrentHashMap<>();
    /** Message id → the error code of its UNDELIV receipt. */
    private final java.util.Map<String, String> undelivered = new java.util.concurrent.ConcurrentHashMap<>();
    /** Destination → how many more of its messages get no receipt at all. */
    private final java.util.Map<String, Integer> dropReceipts = new java.util.concurrent.ConcurrentHashMap<>();
    /** Destination → the delay of its receipts, instead of the simulator's own. */
    private final java.util.Map<String, Duration> receiptDelays = new java.util.concurrent.ConcurrentHashMap<>();
    /** Replies (MO) sent to the gateway so far. */
    private final List<String> mos = new CopyOnWriteArrayList<>();
    private final List<Bound> sessions = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L);
    private final ExecutorService acceptor = Executors.newSingleThreadExecutor(r -> daemon(r, "smsc-accept"));
    private final ExecutorService binders = Executors.newCachedThreadPool(r -> daemon(r, "smsc-bind"));
    /**
     * Receipts go out as a real SMSC sends them, up to 32 deliver_sm awaiting their response at once
     * (two threads made the simulator the limit of a gateway's receipt intake).
     */
    static final int RECEIPT_WINDOW = 32;
    private final ScheduledExecutorService receipts = Executors.newScheduledThreadPool(RECEIPT_WINDOW, r -> daemon(r, "smsc-receipts"));
    private volatile boolean running = true;

    private SmscSimulator(String host, int port, Duration receiptDelay) throws IOException {
        this.receiptDelay = receiptDelay;
        InetAddress address = InetAddress.getByName(host);
        this.sockets = new LoopbackFactory(address);
        this.listener = new SMPPServerSessionListener(port, 0, 50, sockets);
        // As many submit_sm of a session in work at once as an ESME's window (jsmpp's default is 3):
        // a submit left unanswered (answerNth NO_ANSWER) holds one, and must not hold the others back.
        listener.setPduProcessorDegree(32);
        acceptor.submit(this::acceptLoop);
    }

    /** Starts listening at once; port 0 picks a free port (see {@link #port()}). */
    public static SmscSimulator start(String host, int port, Duration receiptDelay) throws IOException {
        return new SmscSimulator(host, port, receiptDelay);
    }

    /** The port it listens on (the one picked when started with port 0). */
    public int port() {
        return sockets.boundPort;
    }

    /** Every submit_sm received so far, in arrival order. */
    /**
     * Answers the next {@code times} submit_sm to this destination (digits as sent, e.g.
     * "33612345678") with a negative submit_sm_resp of this command status: 0x58 (throttled) and
     * 0x08 (system error) are temporary for an ESME, 0x0B (invalid destination) permanent.
     */
    public void refuse(String destination, int commandStatus, int times) {
        refusals.put(destination, new int[] {commandStatus, times});
    }

    /** {@link #answerNth}'s answer that is none at all. */
    public static final int NO_ANSWER = -1;

    /**
     * The {@code nth} submit_sm to this destination from now on (1: the next one; 2: the one after,
     * e.g. the second part of a long message) and the {@code times - 1} after it are answered with
     * this command status instead of an id: 0x58 (throttled) and 0x14, 0x08 are temporary for an
     * ESME, 0x0B (invalid destination) permanent. {@link #NO_ANSWER}: the submit_sm is received
     * (listed in {@link #received}, as an SMSC that took it; no receipt) but its submit_sm_resp
     * never comes, until {@link #close} (at most {@link #UNANSWERED_HOLD}): the ESME's response
     * timer expires. Replaces the destination's earlier script; submits before the nth are taken.
     */
    public void answerNth(String destination, int nth, int commandStatus, int times) {
        if (nth < 1 || times < 1) {
            throw new IllegalArgumentException("nth and times start at 1");
        }
        scripts.put(destination, new Script(nth, commandStatus, times));
    }

    /** How a destination's coming submit_sm are answered: the nth (counted from when it was set) and the times-1 after it. */
    private static final class Script {
        private final int nth;
        private final int status;
        private int seen;
        private int left;

        Script(int nth, int status, int times) {
            this.nth = nth;
            this.status = status;
            this.left = times;
        }

        /** The status this submit gets, or null when it is taken as usual. */
        synchronized Integer next() {
            seen++;
            if (seen >= nth && left > 0) {
                left--;
                return status;
            }
            return null;
        }
    }

    /**
     * Every message to this destination gets this message id, as an SMSC whose counter restarted
     * gives an id it gave before ({@code null}: numbered again).
     */
    public void fixedId(String destination, String id) {
        if (id == null) {
            fixedIds.remove(destination);
        } else {
            fixedIds.put(destination, id);
        }
    }

    /** The next {@code times} messages to this destination get a receipt saying UNDELIV (error 001). */
    public void undeliverable(String destination, int times) {
        undeliverable(destination, times, "001");
    }

    /**
     * The next {@code times} messages to this destination get a receipt saying UNDELIV with this
     * error code (three characters, as in the receipt's {@code err:} field; operators use, e.g.,
     * 001 or 0C1 for an unknown subscriber).
     */
    public void undeliverable(String destination, int times, String errorCode) {
        undeliverableError.put(destination, errorCode);
        undeliverable.put(destination, times);
    }

    /** The next {@code times} messages to this destination get no receipt at all. */
    public void dropReceipts(String destination, int times) {
        dropReceipts.put(destination, times);
    }

    /** Receipts for this destination come after {@code delay} (null: the simulator's own delay again). */
    public void delayReceipts(String destination, Duration delay) {
        if (delay == null) {
            receiptDelays.remove(destination);
        } else {
            receiptDelays.put(destination, delay);
        }
    }

    /**
     * A reply from a phone (MO): a deliver_sm from {@code from} to {@code to} with the text, sent to
     * a receiving session bound with this system id (any, when null); while there is none, tried
     * again every second. GSM 03.38 (data coding 0) when the text fits, else UCS-2 (8).
     */
    public void mo(String systemId, String from, String to, String text) {
        mos.add(from + " " + to + " " + text);
        deliverMo(systemId, from, to, text);
    }

    /** Replies sent so far, as "from to text". */
    public List<String> mos() {
        return new ArrayList<>(mos);
    }

    public List<Submitted> received() {
        return new ArrayList<>(received);
    }

    /** How many submit_sm were received so far (cheap: for polling under load). */
    public long receivedCount() {
        return receivedCount.get();
    }

    /** Number of sessions currently bound. */
    public int boundSessions() {
        return (int) sessions.stream().filter(b -> b.session().getSessionState().isBound()).count();
    }

    private void acceptLoop() {
        while (running) {
            try {
                SMPPServerSession session = listener.accept();
                binders.submit(() -> bind(session));
            } catch (IOException e) {
                if (running) {
                    LOG.warn("SMSC simulator accept failed: {}", e.toString());
                }
            }
        }
    }

    private void bind(SMPPServerSession session) {
        try {
            BindRequest request = session.waitForBind(10_000);
            String systemId = request.getSystemId();
            session.setMessageReceiverListener(new Receiver(systemId));
            request.accept("colibri-sim", request.getInterfaceVersion());
            sessions.add(new Bound(systemId, request.getBindType(), session));
            LOG.info("SMSC simulator: {} bound as {}", systemId, request.getBindType());
        } catch (Exception e) {
            LOG.warn("SMSC simulator bind failed: {}", e.toString());
            session.close();
        }
    }

    private final class Receiver implements ServerMessageReceiverListener {
        private final String systemId;

        Receiver(String systemId) {
            this.systemId = systemId;
        }

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submit, SMPPServerSession session) throws ProcessRequestException {
            long now = System.nanoTime();
            int[] refusal = refusals.computeIfPresent(submit.getDestAddress(), (k, v) -> v[1] > 0 ? new int[] {v[0], v[1] - 1} : null);
            if (refusal != null) {
                throw new ProcessRequestException("refused by the simulator", refusal[0]);
            }
            Script script = scripts.get(submit.getDestAddress());
            Integer scripted = script == null ? null : script.next();
            if (scripted != null && scripted != NO_ANSWER) {
                throw new ProcessRequestException("refused by the simulator", scripted);
            }
            boolean unanswered = scripted != null;
            String forced = fixedIds.get(submit.getDestAddress());
            String id = forced != null ? forced : Long.toHexString(ids.incrementAndGet());
            String destination = submit.getDestAddress();
            Integer left = undeliverable.computeIfPresent(destination, (k, v) -> v - 1);
            if (left != null) {
                undelivered.put(id, undeliverableError.getOrDefault(destination, "001"));
                if (left <= 0) {
                    undeliverable.remove(destination, left);
                }
            }
            Integer dropsLeft = dropReceipts.computeIfPresent(destination, (k, v) -> v - 1);
            boolean drop = dropsLeft != null;
            if (dropsLeft != null && dropsLeft <= 0) {
                dropReceipts.remove(destination, dropsLeft);
            }
            Submitted s = new Submitted(systemId, id, submit.getSourceAddr(), submit.getDestAddress(),
                    submit.getDataCoding(), submit.getEsmClass(), submit.getShortMessage(), decode(submit), now,
                    submit.getValidityPeriod());
            received.add(s);
            receivedCount.incrementAndGet();
            if (unanswered) {
                // Taken, perhaps, but never said: this PDU thread holds the response until the simulator closes.
                LOG.info("SMSC simulator: submit_sm to {} left unanswered", destination);
                try {
                    closing.await(UNANSWERED_HOLD.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new ProcessRequestException("answered too late", 0x08);
            }
            if (submit.getRegisteredDelivery() != 0 && !drop) {
                long delay = receiptDelays.getOrDefault(destination, receiptDelay).toMillis();
                receipts.schedule(() -> deliverReceipt(s), delay, TimeUnit.MILLISECONDS);
            }
            try {
                return new SubmitSmResult(new MessageId(id), null);
            } catch (PDUStringException e) {
                throw new ProcessRequestException(e.getMessage(), 0x08);
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("submit_multi not supported", 0x03);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("query_sm not supported", 0x03);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("replace_sm not supported", 0x03);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("cancel_sm not supported", 0x03);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("broadcast_sm not supported", 0x03);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("cancel_broadcast_sm not supported", 0x03);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("query_broadcast_sm not supported", 0x03);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm not supported", 0x03);
        }
    }

    /**
     * Text of a part as a phone shows it: UDH stripped; UCS-2 for data coding 8 (and 0x18, flash),
     * binary as ISO-8859-1, and otherwise the GSM 03.38 default alphabet, one septet a byte, as
     * SMPP 3.4 says data coding 0 is read.
     */
    static String decode(SubmitSm submit) {
        byte[] bytes = submit.getShortMessage() == null ? new byte[0] : submit.getShortMessage();
        int offset = 0;
        if ((submit.getEsmClass() & 0x40) != 0 && bytes.length > 0) {
            offset = (bytes[0] & 0xFF) + 1;
        }
        int length = Math.max(0, bytes.length - offset);
        int alphabet = submit.getDataCoding() & 0x0C;
        if (alphabet == 0x08) {
            return new String(bytes, offset, length, StandardCharsets.UTF_16BE);
        }
        if (alphabet == 0x04) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        return Gsm7.decode(java.util.Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /**
     * Sends the receipt to a receiving session of the same system id; while there is none, or
     * sending fails, tries again every second, as a real SMSC keeps receipts for a while.
     */
    private void deliverReceipt(Submitted s) {
        if (!running) {
            return;
        }
        Bound target = sessions.stream()
                .filter(b -> b.systemId().equals(s.systemId()) && b.session().getSessionState().isBound())
                .filter(b -> b.type() == BindType.BIND_RX || b.type() == BindType.BIND_TRX)
                .findFirst().orElse(null);
        try {
            if (target == null) {
                throw new IllegalStateException("no receiver bound");
            }
            Date now = new Date();
            String error = undelivered.get(s.messageId());
            boolean notDelivered = error != null;
            DeliveryReceipt dr = new DeliveryReceipt(s.messageId(), 1, notDelivered ? 0 : 1, now, now,
                    notDelivered ? DeliveryReceiptState.UNDELIV : DeliveryReceiptState.DELIVRD, notDelivered ? error : "000", "");
            target.session().deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, s.destination(),
                    TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, s.source() == null ? "" : s.source(),
                    new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
                    (byte) 0, (byte) 0, new RegisteredDelivery(0), new GeneralDataCoding(),
                    dr.toString().getBytes(StandardCharsets.ISO_8859_1));
        } catch (Exception e) {
            LOG.debug("SMSC simulator: receipt for {} not delivered yet ({}), will retry", s.messageId(), e.toString());
            sessions.removeIf(b -> b.session().getSessionState() == SessionState.CLOSED);
            if (running) {
                receipts.schedule(() -> deliverReceipt(s), 1, TimeUnit.SECONDS);
            }
        }
    }

    private void deliverMo(String systemId, String from, String to, String text) {
        if (!running) {
            return;
        }
        Bound target = sessions.stream()
                .filter(b -> (systemId == null || b.systemId().equals(systemId)) && b.session().getSessionState().isBound())
                .filter(b -> b.type() == BindType.BIND_RX || b.type() == BindType.BIND_TRX)
                .findFirst().orElse(null);
        try {
            if (target == null) {
                throw new IllegalStateException("no receiver bound");
            }
            boolean gsm = Gsm7.septets(text) >= 0;
            byte[] bytes = gsm ? Gsm7.encode(text) : text.getBytes(StandardCharsets.UTF_16BE);
            target.session().deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, from,
                    TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, to,
                    new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT, GSMSpecificFeature.DEFAULT),
                    (byte) 0, (byte) 0, new RegisteredDelivery(0), gsm ? new GeneralDataCoding() : new GeneralDataCoding(
                            org.jsmpp.bean.Alphabet.ALPHA_UCS2), bytes);
            LOG.info("SMSC simulator: reply from {} to {} delivered to {}", from, to, target.systemId());
        } catch (Exception e) {
            LOG.debug("SMSC simulator: reply from {} not delivered yet ({}), will retry", from, e.toString());
            sessions.removeIf(b -> b.session().getSessionState() == SessionState.CLOSED);
            if (running) {
                receipts.schedule(() -> deliverMo(systemId, from, to, text), 1, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        closing.countDown();
        try {
            listener.close();
        } catch (IOException e) {
            LOG.debug("closing listener", e);
        }
        sessions.forEach(b -> b.session().unbindAndClose());
        acceptor.shutdownNow();
        binders.shutdownNow();
        receipts.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** jsmpp's own factory listens on every interface; the simulator listens on one address. */
    private static final class LoopbackFactory implements ServerConnectionFactory {
        private final InetAddress address;
        private volatile int boundPort;

        LoopbackFactory(InetAddress address) {
            this.address = address;
        }

        @Override
        public ServerConnection listen(int port) throws IOException {
            return listen(port, 0, 50);
        }

        @Override
        public ServerConnection listen(int port, int timeout) throws IOException {
            return listen(port, timeout, 50);
        }

        @Override
        public ServerConnection listen(int port, int timeout, int backlog) throws IOException {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(address, port), backlog);
            socket.setSoTimeout(timeout);
            boundPort = socket.getLocalPort();
            return new ServerSocketConnection(socket);
        }
    }
}
