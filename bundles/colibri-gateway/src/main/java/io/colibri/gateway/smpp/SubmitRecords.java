package io.colibri.gateway.smpp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The parts the SMSC has taken whose record is not committed yet. Outbound records a batch's
 * parts together once every submit_sm of the batch is answered; a fast SMSC's receipt can come
 * first. The receipts route then waits for that record (milliseconds) instead of going back to
 * the broker for a later try.
 */
public final class SubmitRecords {
    private final Map<String, CountDownLatch> pending = new ConcurrentHashMap<>();

    private static String key(String connector, String smscId) {
        return connector + '\u0000' + smscId;
    }

    void sent(String connector, List<String> smscIds) {
        for (String id : smscIds) {
            pending.put(key(connector, id), new CountDownLatch(1));
        }
    }

    /** The batch's record committed, or failed: whoever waits looks again. */
    void recorded(String connector, List<String> smscIds) {
        for (String id : smscIds) {
            CountDownLatch latch = pending.remove(key(connector, id));
            if (latch != null) {
                latch.countDown();
            }
        }
    }

    /** Waits (at most {@code maxMillis}) while the part is taken but not recorded; true if it was pending. */
    public boolean awaitRecord(String connector, String smscId, long maxMillis) throws InterruptedException {
        CountDownLatch latch = pending.get(key(connector, smscId));
        if (latch == null) {
            return false;
        }
        latch.await(maxMillis, TimeUnit.MILLISECONDS);
        return true;
    }

    /** How many parts await their record (for tests). */
    int size() {
        return pending.size();
    }
}
