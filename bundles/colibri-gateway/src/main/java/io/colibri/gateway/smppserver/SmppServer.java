package io.colibri.gateway.smppserver;

import io.colibri.domain.Channel;
import io.colibri.domain.SmppStatus;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.account.SmppCredentials;
import io.colibri.gateway.account.SmppCredentials.Esme;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Service;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.InterfaceVersion;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.SessionState;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMPP 3.4 server customers' ESMEs bind to (jsmpp's server side): a bind is checked against
 * the account's SMPP login, channels and allowed-ips, and the operator's limits (binds at once, a
 * window of submits in progress, submits per second: past them {@code ESME_RTHROTTLED}); each
 * {@code submit_sm} is handed to {@link EsmeSubmits}. It keeps who is bound, for {@link EsmeEvents}.
 */
public final class SmppServer implements Service, io.colibri.gateway.node.Drain.Drainable {
    private static final Logger LOG = LoggerFactory.getLogger(SmppServer.class);

    /** One bind of an ESME, with its window and its rate. */
    static final class Bound {
        final Esme esme;
        final SMPPServerSession session;
        final BindType type;
        final Semaphore window;
        /** The account's address, as the accept rules' requests carry it. */
        final String email;
        private final int rate;
        private long second;
        private int inSecond;

        Bound(Esme esme, String email, SMPPServerSession session, BindType type) {
            this.esme = esme;
            this.email = email;
            this.session = session;
            this.type = type;
            this.window = new Semaphore(esme.window());
            this.rate = esme.rate();
        }

        /** Whether one more submit fits in this second's allowance. */
        synchronized boolean takeRate(long nowMillis) {
            long s = nowMillis / 1000;
            if (s != second) {
                second = s;
                inSecond = 0;
            }
            if (inSecond >= rate) {
                return false;
            }
            inSecond++;
            return true;
        }

        boolean receives() {
            return (type == BindType.BIND_RX || type == BindType.BIND_TRX) && session.getSessionState().isBound();
        }
    }

    private final SmppServerFlow.Config config;
    private final SmppCredentials credentials;
    private final Accounts accounts;
    private final EsmeSubmits submits;
    private final Map<Long, List<Bound>> bound = new ConcurrentHashMap<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger roundRobin = new AtomicInteger();
    private volatile Runnable onBind = () -> { };
    private SMPPServerSessionListener listener;
    private ExecutorService acceptor;
    private ExecutorService binders;
    private volatile boolean running;
    private volatile int port;

    public SmppServer(SmppServerFlow.Config config, SmppCredentials credentials, Accounts accounts, EsmeSubmits submits) {
        this.config = config;
        this.credentials = credentials;
        this.accounts = accounts;
        this.submits = submits;
    }

    /** What to run when a receiver binds (the events kept for it go at once). */
    void onBind(Runnable action) {
        onBind = action;
    }

    /** The port it listens on (the one picked when configured with 0); -1 when not listening. */
    public int port() {
        return running ? port : -1;
    }

    @Override
    public void start() {
        if (!config.enabled() || running) {
            return;
        }
        try {
            InetAddress address = InetAddress.getByName(config.host());
            listener = new SMPPServerSessionListener(config.port(), 0, 50, new Bound_(address));
        } catch (IOException e) {
            throw new IllegalStateException("the SMPP server cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        // Each session's PDUs in work at once: as many as the largest window an operator may give.
        listener.setPduProcessorDegree(Math.max(config.window(), 32));
        listener.setQueueCapacity(100);
        acceptor = Executors.newSingleThreadExecutor(r -> daemon(r, "smpp-server-accept"));
        binders = Executors.newCachedThreadPool(r -> daemon(r, "smpp-server-bind"));
        running = true;
        acceptor.submit(this::acceptLoop);
        LOG.info("SMPP server listening on {}:{}", config.host(), port);
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.debug("closing the SMPP server's listener", e);
        }
        bound.values().forEach(list -> list.forEach(b -> b.session.unbindAndClose()));
        bound.clear();
        acceptor.shutdownNow();
        binders.shutdownNow();
        LOG.info("SMPP server stopped");
    }

    /** A draining node (colibri:drain) unbinds its ESMEs, which bind again to another node. */
    @Override
    public void drain() {
        stop();
    }

    @Override
    public void resume() {
        start();
    }

    private void acceptLoop() {
        while (running) {
            try {
                SMPPServerSession session = listener.accept();
                if (sessions.incrementAndGet() > config.maxSessions()) {
                    sessions.decrementAndGet();
                    LOG.warn("SMPP server: {} sessions already, a connection from {} closed", config.maxSessions(), session.getInetAddress());
                    session.close();
                    continue;
                }
                binders.submit(() -> bind(session));
            } catch (IOException e) {
                if (running) {
                    LOG.warn("SMPP server: accept failed: {}", e.toString());
                }
            } catch (RuntimeException e) {
                LOG.warn("SMPP server: accept failed", e);
            }
        }
    }

    private void bind(SMPPServerSession session) {
        BindRequest request;
        try {
            request = session.waitForBind(config.bindTimeoutMillis());
        } catch (Exception e) {
            LOG.info("SMPP server: no bind from {} ({})", session.getInetAddress(), e.toString());
            session.close();
            sessions.decrementAndGet();
            return;
        }
        try {
            Optional<Bound> ok = admit(request, session);
            if (ok.isEmpty()) {
                request.reject(SmppStatus.RBINDFAIL);
                session.close();
                sessions.decrementAndGet();
                return;
            }
            Bound b = ok.get();
            List<Bound> list = bound.computeIfAbsent(b.esme.accountId(), k -> new CopyOnWriteArrayList<>());
            synchronized (list) {
                if (list.stream().filter(x -> x.session.getSessionState().isBound()).count() >= b.esme.maxBinds()) {
                    LOG.info("SMPP server: {} already has {} binds", b.esme.systemId(), b.esme.maxBinds());
                    request.reject(SmppStatus.RBINDFAIL);
                    session.close();
                    sessions.decrementAndGet();
                    return;
                }
                list.add(b);
            }
            session.setMessageReceiverListener(new Receiver(b));
            session.addSessionStateListener((newState, oldState, source) -> {
                if (newState == SessionState.CLOSED) {
                    list.remove(b);
                    sessions.decrementAndGet();
                    LOG.info("SMPP server: {} ({}) unbound", b.esme.systemId(), b.type);
                }
            });
            if (config.enquireLinkMillis() > 0) {
                session.setEnquireLinkTimer(config.enquireLinkMillis());
            }
            request.accept("colibri", InterfaceVersion.IF_34);
            LOG.info("SMPP server: {} bound as {} from {}", b.esme.systemId(), b.type, session.getInetAddress().getHostAddress());
            if (b.receives()) {
                onBind.run();
            }
        } catch (Exception e) {
            LOG.warn("SMPP server: bind of {} failed: {}", request.getSystemId(), e.toString());
            session.close();
        }
    }

    /** The bind's login, if its password is right and the account may use SMPP from there. */
    private Optional<Bound> admit(BindRequest request, SMPPServerSession session) {
        Optional<Esme> esme = credentials.authenticate(request.getSystemId(), request.getPassword());
        if (esme.isEmpty()) {
            LOG.info("SMPP server: bind refused to system_id {} from {}: unknown or wrong password", printable(request.getSystemId()),
                    session.getInetAddress().getHostAddress());
            return Optional.empty();
        }
        io.colibri.domain.AccountOptions options = accounts.options(esme.get().accountId());
        if (!options.allows(Channel.SMPP)) {
            LOG.info("SMPP server: bind refused to {}: the account is disabled or its channels leave SMPP out", esme.get().systemId());
            return Optional.empty();
        }
        if (!options.ipAllowed(session.getInetAddress().getHostAddress())) {
            LOG.info("SMPP server: bind refused to {}: {} is not in the account's allowed-ips", esme.get().systemId(),
                    session.getInetAddress().getHostAddress());
            return Optional.empty();
        }
        Esme e = esme.get();
        Esme limited = new Esme(e.accountId(), e.systemId(), e.maxBinds() > 0 ? e.maxBinds() : config.maxBinds(),
                e.window() > 0 ? e.window() : config.window(), e.rate() > 0 ? e.rate() : config.rate());
        return Optional.of(new Bound(limited, accounts.email(e.accountId()), session, request.getBindType()));
    }

    private static String printable(String s) {
        return s == null ? "" : s.replaceAll("[^\\x21-\\x7e]", "?");
    }

    /** The account's bound receivers and transceivers, one after the other across calls. */
    List<Bound> receivers(long accountId) {
        List<Bound> list = bound.getOrDefault(accountId, List.of()).stream().filter(Bound::receives).toList();
        if (list.size() < 2) {
            return list;
        }
        int first = Math.floorMod(roundRobin.getAndIncrement(), list.size());
        List<Bound> turned = new java.util.ArrayList<>(list.subList(first, list.size()));
        turned.addAll(list.subList(0, first));
        return turned;
    }

    /** The accounts that have a receiver bound now. */
    List<Long> receiving() {
        return bound.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(Bound::receives)).map(Map.Entry::getKey).toList();
    }

    /** How many sessions are bound (for the shell and the tests). */
    public int boundSessions() {
        return (int) bound.values().stream().flatMap(List::stream).filter(b -> b.session.getSessionState().isBound()).count();
    }

    private final class Receiver implements ServerMessageReceiverListener {
        private final Bound bound;

        Receiver(Bound bound) {
            this.bound = bound;
        }

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submit, SMPPServerSession source) throws ProcessRequestException {
            if (!bound.takeRate(System.currentTimeMillis()) || !bound.window.tryAcquire()) {
                throw new ProcessRequestException("throttled", SmppStatus.RTHROTTLED);
            }
            try {
                return submits.submit(bound.esme, bound.email, submit);
            } finally {
                bound.window.release();
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("submit_multi is not served: one submit_sm per number", SmppStatus.RINVCMDID);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("query_sm is not served: receipts come by deliver_sm", SmppStatus.RINVCMDID);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("replace_sm is not served", SmppStatus.RINVCMDID);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("cancel_sm is not served", SmppStatus.RINVCMDID);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("broadcast_sm is not served", SmppStatus.RINVCMDID);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("cancel_broadcast_sm is not served", SmppStatus.RINVCMDID);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("query_broadcast_sm is not served", SmppStatus.RINVCMDID);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm is not served: use submit_sm", SmppStatus.RINVCMDID);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Listens on the configured address only (jsmpp's own factory takes every interface). */
    private final class Bound_ implements ServerConnectionFactory {
        private final InetAddress address;

        Bound_(InetAddress address) {
            this.address = address;
        }

        @Override
        public ServerConnection listen(int p) throws IOException {
            return listen(p, 0, 50);
        }

        @Override
        public ServerConnection listen(int p, int timeout) throws IOException {
            return listen(p, timeout, 50);
        }

        @Override
        public ServerConnection listen(int p, int timeout, int backlog) throws IOException {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, p), backlog);
            socket.setSoTimeout(timeout);
            port = socket.getLocalPort();
            return new ServerSocketConnection(socket);
        }
    }
}
