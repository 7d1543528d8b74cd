package io.colibri.gateway.message;

import io.colibri.domain.PhoneNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message journal ({@code io.colibri.messages}, data/log/messages.log): one line per state
 * change of a message, the number masked, never a password or a text. Written after the commit
 * that made the change, never while a lock is held (the appender is asynchronous).
 */
public final class Journal {
    static final Logger LOG = LoggerFactory.getLogger("io.colibri.messages");

    private Journal() {
    }

    static void accepted(long id, long accountId, String recipient, int parts, int credits, String connector, String status,
                         Object sendAt) {
        if (LOG.isInfoEnabled()) {
            LOG.info("message={} account={} to={} parts={} credits={} connector={} status={}{}", id, accountId,
                    PhoneNumber.mask(recipient), parts, credits, connector, status, sendAt == null ? "" : " sendAt=" + sendAt);
        }
    }

    static void changed(long id, long accountId, String recipient, String status, String detail) {
        if (LOG.isInfoEnabled()) {
            LOG.info("message={} account={} to={} status={}{}", id, accountId, PhoneNumber.mask(recipient), status,
                    detail == null ? "" : " " + detail);
        }
    }

    /** A message handed to another connector's queue before any of its parts left (issue 17: a fallback, or back to its own). */
    static void rerouted(long id, String connector) {
        if (LOG.isInfoEnabled()) {
            LOG.info("message={} status=ACCEPTED queue={}", id, connector);
        }
    }
}
