package io.colibri.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts wrong passwords per key (a mail's From or its account, see {@link PasswordLockout}; an
 * HTTP caller's address): more than {@code max} within an hour blocks the key for {@code block},
 * during which its mails are held and its HTTP requests answered 82 unchecked (a password is
 * being guessed, or a script is stuck on an old one). Kept in memory: a restart forgets it.
 */
public final class FailedPasswords {
    private static final Duration WINDOW = Duration.ofHours(1);

    private final int max;
    private final Duration block;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Map<String, Instant> blockedUntil = new ConcurrentHashMap<>();

    public FailedPasswords(int max, Duration block) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        this.max = max;
        this.block = block;
    }

    /** Records a wrong password; true when this one blocks the sender. */
    public boolean failed(String sender, Instant now) {
        String key = key(sender);
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
            while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
                times.removeFirst();
            }
            if (times.size() > max) {
                blockedUntil.put(key, now.plus(block));
                times.clear();
                return true;
            }
            return false;
        }
    }

    /** Whether the sender's mails are set aside now. */
    public boolean blocked(String sender, Instant now) {
        String key = key(sender);
        Instant until = blockedUntil.get(key);
        if (until == null) {
            return false;
        }
        if (now.isBefore(until)) {
            return true;
        }
        blockedUntil.remove(key, until);
        return false;
    }

    private static String key(String sender) {
        return sender == null ? "" : sender.strip().toLowerCase(Locale.ROOT);
    }
}
