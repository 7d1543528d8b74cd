package io.colibri.gateway.message;

import io.colibri.gateway.store.Changes;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the duplicate guard (OPT-6) asks at every send, answered from memory: has this account
 * written a text with this hash to this number in the last 24 hours? A "no" is certain; a "maybe"
 * is confirmed by the database (which also compares the text itself and skips failed and
 * cancelled messages). For that, every message recorded is added here before its transaction
 * commits, and an account's keys already in the database are read the first time it is asked
 * about. Keys are 64-bit mixes of the number and the text hash, in one set per hour (25 of them),
 * so an account that sends a million messages a day costs about 16 MB, and an hour falls out whole.
 */
public final class RecentTexts {
    static final long HOUR_MS = Duration.ofHours(1).toMillis();
    /** 24 hours plus the hour under way. */
    static final int HOURS = 25;

    /** The account's keys already recorded, as (number, text hash) pairs accepted since {@code since}. */
    @FunctionalInterface
    public interface Loader {
        /** Calls {@code sink} with (recipient, text hash, accepted at in ms) for each live message since then. */
        void load(long accountId, Instant since, KeySink sink);
    }

    @FunctionalInterface
    public interface KeySink {
        void key(String recipient, long textHash, long acceptedAtMillis);
    }

    private final Loader loader;
    private final java.time.Clock clock;
    private final Map<Long, Account> accounts = new ConcurrentHashMap<>();

    public RecentTexts(Loader loader, java.time.Clock clock) {
        this.loader = loader;
        this.clock = clock;
    }

    /** The key of a (number, text) pair. */
    public static long key(String recipient, long textHash) {
        long h = textHash;
        for (int i = 0; i < recipient.length(); i++) {
            h = (h ^ recipient.charAt(i)) * 0x100000001B3L;
        }
        return mix(h);
    }

    /**
     * False when the account certainly sent no such text to the number in the 24 hours before
     * {@code now}; true when it may have (to be confirmed against the database).
     */
    public boolean mayHave(long accountId, String recipient, long textHash, Instant now) {
        return account(accountId).contains(key(recipient, textHash), now.toEpochMilli());
    }

    /** A message is being recorded: its key counts from now on (called before the commit). */
    public void add(long accountId, String recipient, long textHash, Instant acceptedAt) {
        account(accountId).add(key(recipient, textHash), acceptedAt.toEpochMilli());
    }

    /** Forgets every account (a test that rewrites messages behind the gateway's back; the node's listener lost). */
    public void clear() {
        accounts.clear();
    }

    /**
     * Hears the keys other nodes recorded (issue 18): a text sent through node A must be refused
     * on node B within 24 hours as on A. Each group commit tells its keys in its own transaction
     * ({@link #tell}), so they arrive here only once committed, in commit order; and on the
     * listener's loss every account is forgotten (read again at its next ask).
     */
    public void listen(Changes changes) {
        changes.on(Changes.TEXTS, this::heard);
        changes.onLost(this::clear);
    }

    /**
     * Keys another node recorded at {@code atMillis}: counted when this node holds the account
     * (one being read waits for that read: whatever the read missed is added after it); an account
     * this node does not hold is read whole at its first ask, after that commit, keys included.
     */
    public void heard(long accountId, long atMillis, long[] keys) {
        Account a = accounts.get(accountId);
        if (a == null) {
            return;
        }
        for (long k : keys) {
            a.add(k, atMillis);
        }
    }

    /** {@code <account>:<accepted at, ms>:<key>,<key>...}, keys in base 36. */
    private void heard(String payload) {
        int first = payload.indexOf(':');
        int second = payload.indexOf(':', first + 1);
        long accountId = Long.parseLong(payload.substring(0, first));
        long at = Long.parseLong(payload.substring(first + 1, second));
        String[] parts = payload.substring(second + 1).split(",");
        long[] keys = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            keys[i] = Long.parseLong(parts[i], 36);
        }
        heard(accountId, at, keys);
    }

    /**
     * Tells the other nodes of the keys of the messages recorded in the caller's transaction
     * (account → keys, all accepted at {@code at}): one notification per account, split where
     * it would pass PostgreSQL's 8000 bytes (about 500 keys each). Nothing on H2.
     */
    public static void tell(java.sql.Connection c, Changes changes, Map<Long, LongList> keys, Instant at) throws java.sql.SQLException {
        if (!changes.enabled() || keys.isEmpty()) {
            return;
        }
        long millis = at.toEpochMilli();
        java.util.List<String> payloads = new java.util.ArrayList<>();
        StringBuilder b = new StringBuilder(Changes.MAX_PAYLOAD);
        for (Map.Entry<Long, LongList> e : keys.entrySet()) {
            String head = e.getKey() + ":" + millis + ":";
            LongList list = e.getValue();
            b.setLength(0);
            for (int i = 0; i < list.size(); i++) {
                // A key is at most 14 characters in base 36 with its sign, 15 with its comma.
                if (b.length() > 0 && b.length() + 16 > Changes.MAX_PAYLOAD - 64) {
                    payloads.add(b.toString());
                    b.setLength(0);
                }
                b.append(b.length() == 0 ? head : ",").append(Long.toString(list.get(i), 36));
            }
            if (b.length() > 0) {
                payloads.add(b.toString());
            }
        }
        // One statement for all: one round trip per group commit, whatever its accounts.
        changes.tell(c, Changes.TEXTS, payloads);
    }

    /** A growing list of longs (the keys of one account in one commit), without boxing. */
    public static final class LongList {
        private long[] values = new long[8];
        private int size;

        public void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        public long get(int i) {
            return values[i];
        }

        public int size() {
            return size;
        }
    }

    private Account account(long accountId) {
        Account a = accounts.computeIfAbsent(accountId, id -> new Account());
        if (!a.loaded) {
            a.load(accountId, loader, clock.instant());
        }
        return a;
    }

    /** One account's keys: 25 hourly sets, reused round-robin by hour number. */
    private static final class Account {
        private final LongSet[] sets = new LongSet[HOURS];
        private final long[] hourOf = new long[HOURS];
        private volatile boolean loaded;

        Account() {
            Arrays.fill(hourOf, Long.MIN_VALUE);
        }

        synchronized void load(long accountId, Loader loader, Instant now) {
            if (loaded) {
                return;
            }
            // Merged with whatever was added meanwhile: what was committed before the query is in
            // its result, what was recorded since was added by its writer.
            loader.load(accountId, now.minus(Duration.ofHours(24)), (r, h, at) -> add(key(r, h), at));
            loaded = true;
        }

        synchronized void add(long key, long atMillis) {
            long hour = Math.floorDiv(atMillis, HOUR_MS);
            int slot = (int) Math.floorMod(hour, HOURS);
            if (hourOf[slot] != hour) {
                if (hourOf[slot] > hour) {
                    return; // older than anything this slot still counts: out of the window
                }
                hourOf[slot] = hour;
                sets[slot] = new LongSet();
            }
            sets[slot].add(key);
        }

        synchronized boolean contains(long key, long nowMillis) {
            long hour = Math.floorDiv(nowMillis, HOUR_MS);
            for (int i = 0; i < HOURS; i++) {
                // The hour under way and the 24 before it (the database compares exact times).
                if (hourOf[i] > hour - HOURS && hourOf[i] <= hour && sets[i].contains(key)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** An open-addressing set of longs (no boxing: 8 bytes a key at half load). */
    static final class LongSet {
        private static final long EMPTY = 0;
        private long[] slots = new long[16];
        private int size;
        private boolean hasZero;

        boolean add(long k) {
            if (k == EMPTY) {
                boolean added = !hasZero;
                hasZero = true;
                return added;
            }
            if (size * 2 >= slots.length) {
                grow();
            }
            int i = index(k, slots.length);
            while (slots[i] != EMPTY) {
                if (slots[i] == k) {
                    return false;
                }
                i = (i + 1) & (slots.length - 1);
            }
            slots[i] = k;
            size++;
            return true;
        }

        boolean contains(long k) {
            if (k == EMPTY) {
                return hasZero;
            }
            int i = index(k, slots.length);
            while (slots[i] != EMPTY) {
                if (slots[i] == k) {
                    return true;
                }
                i = (i + 1) & (slots.length - 1);
            }
            return false;
        }

        int size() {
            return size + (hasZero ? 1 : 0);
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            size = 0;
            for (long k : old) {
                if (k != EMPTY) {
                    add(k);
                }
            }
        }

        private static int index(long k, int length) {
            return (int) (mix(k) & (length - 1));
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
