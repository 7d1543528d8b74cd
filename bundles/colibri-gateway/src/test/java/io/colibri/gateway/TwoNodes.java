package io.colibri.gateway;

import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Issue 18: two gateway nodes on one PostgreSQL database, as far as the database is concerned:
 * two stores (each its own pool) on the same fresh schema, their claims said by "a" and "b".
 * PostgreSQL only (H2 serves one node): skipped when no COLIBRI_TEST_PG_URL is given.
 */
public final class TwoNodes implements AutoCloseable {
    public final Database.Settings settings;
    public final Store a;
    public final Store b;

    private TwoNodes(Database.Settings settings, Store a, Store b) {
        this.settings = settings;
        this.a = a;
        this.b = b;
    }

    public static TwoNodes open() {
        Assumptions.assumeTrue(TestDatabases.pgUrl() != null, "several nodes share a PostgreSQL database: COLIBRI_TEST_PG_URL");
        Database.Settings settings = TestDatabases.fresh("postgresql");
        Store a = null;
        try {
            a = new Store(Database.open(settings), 1000);
            Store b = new Store(Database.open(settings), 1000);
            a.submissions().node("a");
            b.submissions().node("b");
            return new TwoNodes(settings, a, b);
        } catch (RuntimeException e) {
            if (a != null) {
                a.close();
            }
            TestDatabases.drop(settings);
            throw e;
        }
    }

    /** Runs the tasks at once, each on its own thread, released together by a barrier; their results in order. */
    @SafeVarargs
    public static <T> List<T> together(Callable<T>... tasks) throws Exception {
        CyclicBarrier start = new CyclicBarrier(tasks.length);
        ExecutorService pool = Executors.newFixedThreadPool(tasks.length);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return task.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A number from a query's first column and row, on this store. */
    public static long count(Store store, String sql) {
        return store.database().jdbc(c -> {
            try (var s = c.createStatement(); var r = s.executeQuery(sql)) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    @Override
    public void close() {
        try {
            a.close();
            b.close();
        } finally {
            TestDatabases.drop(settings);
        }
    }
}
