package io.colibri.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A gateway under load: one HTTP request per message in, one submit_sm per message out to the bench's SMSC. */
interface Target extends AutoCloseable {
    String name();

    /** Boots it with its SMPP connection pointed at 127.0.0.1:smscPort; returns the time to its first HTTP answer. */
    Duration start(int smscPort) throws Exception;

    /** Whatever must exist before sending count messages (an account with enough credit). */
    void prepare(int count) throws Exception;

    int httpPort();

    /** Path and query of the request that sends this text to +33612345678 with a receipt requested. */
    String request(String text);

    /** The JSON API's key when requests are POSTs to it ({@link #request} is then "path\tbody"); empty for GETs. */
    default String apiKey() {
        return "";
    }

    boolean accepted(KeepAliveClient.Answer answer);

    /** The answer of an accepted request: its HTTP status, and how its body starts (what wrk counts). */
    int acceptStatus();

    String acceptBody();

    /** A request that sends nothing (wrk's requests beyond the count go there), and how its answer starts. */
    String idlePath();

    int idleStatus();

    String idleBody();

    /** The system id it binds to the SMSC with. */
    String systemId();

    /** The processes that make up the gateway (CPU and memory are theirs). */
    List<Long> pids();

    /** Waits until count receipts are recorded as delivered: when the last was, or null if they never all were. */
    Instant awaitReceipts(int count, Duration stall) throws Exception;

    /** After the run: one line on what it recorded (every credit in the ledger, ...). */
    String check(int sent) throws Exception;

    /** Copies its logs into folder (its work folder is removed after the run). */
    void keepLogs(java.nio.file.Path folder) throws java.io.IOException;
}
