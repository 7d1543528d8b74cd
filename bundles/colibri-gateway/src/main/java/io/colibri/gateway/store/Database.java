package io.colibri.gateway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.jpa.HibernatePersistenceProvider;

/**
 * The database: a connection pool, the schema brought up to date by Flyway, and JPA on top.
 * H2 (embedded, file mode) or PostgreSQL, chosen by the URL alone.
 */
public final class Database implements AutoCloseable {

    /** Where the database is; {@code url} starting with jdbc:h2: or jdbc:postgresql:. */
    public record Settings(String url, String user, String password, int poolSize) {
        @Override
        public String toString() {
            return "Settings[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
        }
    }

    private final HikariDataSource dataSource;
    private final EntityManagerFactory emf;

    private final boolean postgresql;

    private Database(HikariDataSource dataSource, EntityManagerFactory emf, boolean postgresql) {
        this.dataSource = dataSource;
        this.emf = emf;
        this.postgresql = postgresql;
    }

    public static Database open(Settings settings) {
        HikariDataSource ds = new HikariDataSource(poolConfig(settings));
        ClassLoader ours = Database.class.getClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Inside Karaf, Flyway's and Hibernate's service lookups must see this bundle's class path.
        thread.setContextClassLoader(ours);
        try {
            Flyway.configure(ours).dataSource(ds).locations("classpath:db/migration").load().migrate();
            HibernatePersistenceConfiguration jpa = new HibernatePersistenceConfiguration("colibri")
                    .managedClasses(Account.class, AccountOption.class, ApiKeyEntry.class, BlacklistEntry.class, Contact.class, ContactGroup.class, DropFile.class,
                            ContactText.class, LedgerEntry.class, Sms.class, Reply.class, ReplyRuleEntry.class, RequestKey.class, SharedDomain.class, Submission.class)
                    .property("hibernate.connection.datasource", ds)
                    .property("hibernate.hbm2ddl.auto", "none")
                    .property("hibernate.jdbc.batch_size", 50)
                    .property("hibernate.order_inserts", true);
            EntityManagerFactory emf = new HibernatePersistenceProvider().createEntityManagerFactory(jpa);
            return new Database(ds, emf, settings.url().startsWith("jdbc:postgresql:"));
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static HikariConfig poolConfig(Settings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("colibri");
        config.setMaximumPoolSize(settings.poolSize());
        config.setAutoCommit(false);
        // A DataSource instance rather than a driver class name: no DriverManager or class loading by name.
        if (settings.url().startsWith("jdbc:h2:")) {
            org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
            h2.setURL(settings.url());
            h2.setUser(settings.user());
            h2.setPassword(settings.password());
            config.setDataSource(h2);
        } else if (settings.url().startsWith("jdbc:postgresql:")) {
            org.postgresql.ds.PGSimpleDataSource pg = new org.postgresql.ds.PGSimpleDataSource();
            pg.setURL(settings.url());
            pg.setUser(settings.user());
            pg.setPassword(settings.password());
            config.setDataSource(pg);
        } else {
            throw new IllegalArgumentException("unsupported database url (jdbc:h2: or jdbc:postgresql:): " + settings.url());
        }
        return config;
    }

    /** The transaction this thread is in, if any: inner {@link #tx} calls join it. */
    private final ThreadLocal<EntityManager> current = new ThreadLocal<>();

    /**
     * Runs the work in one transaction: committed when it returns, rolled back when it throws.
     * Called inside another {@code tx} on the same thread, it joins that transaction (one
     * commit for the whole: a request is checked and recorded in a single transaction).
     */
    public <T> T tx(Function<EntityManager, T> work) {
        EntityManager outer = current.get();
        if (outer != null) {
            return work.apply(outer);
        }
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        current.set(em);
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback();
            }
            throw e;
        } finally {
            current.remove();
            em.close();
        }
    }

    /** Work on a plain JDBC connection, for statements batched by hand. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(java.sql.Connection connection) throws java.sql.SQLException;
    }

    /**
     * Runs the work on a JDBC connection in one transaction: the connection of this thread's
     * {@link #tx} when there is one (after flushing what JPA has pending, so the work sees it),
     * else a connection of its own, committed when the work returns and rolled back when it throws.
     */
    public <T> T jdbc(SqlWork<T> work) {
        EntityManager outer = current.get();
        if (outer != null) {
            outer.flush();
            return outer.unwrap(org.hibernate.Session.class).doReturningWork(work::run);
        }
        try (java.sql.Connection c = dataSource.getConnection()) {
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (java.sql.SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    /**
     * Reads with {@link #jdbc}, asking again (100 ms doubling to 2 s) while the database cannot
     * be asked, up to {@code patience}; then throws the last failure. For the question "was that
     * commit, whose answer was lost, made?" (a connection cut during the commit), which must be
     * answered before anything else is done.
     */
    public <T> T askUntil(java.time.Duration patience, SqlWork<T> read) {
        long deadline = System.nanoTime() + patience.toNanos();
        for (long wait = 100; ; wait = Math.min(2_000, wait * 2)) {
            try {
                return jdbc(read);
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** True when this thread is inside a {@link #tx}. */
    public boolean inTransaction() {
        return current.get() != null;
    }

    /** H2 or PostgreSQL: the few statements that differ between them ask. */
    public boolean postgresql() {
        return postgresql;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Connections outside the pool, to the same database as the same user: for a session that
     * must last as long as its holder (the node's advisory locks, node/AdvisoryLockLeaders), which
     * the pool would recycle or share.
     */
    public DataSource unpooled() {
        return dataSource.getDataSource();
    }

    /**
     * A connection of its own, outside the pool (autocommit, closed by the caller): for a session
     * that lives as long as the node, the listener of the other nodes' changes, which must not
     * hold one of the pool's few connections for good nor be handed back to it with a LISTEN on.
     */
    public java.sql.Connection unpooledConnection() throws java.sql.SQLException {
        java.sql.Connection c = unpooled().getConnection();
        c.setAutoCommit(true);
        return c;
    }

    public EntityManagerFactory entityManagerFactory() {
        return emf;
    }

    @Override
    public void close() {
        emf.close();
        dataSource.close();
    }
}
