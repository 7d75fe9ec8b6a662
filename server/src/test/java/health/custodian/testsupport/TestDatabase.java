package health.custodian.testsupport;

import health.custodian.platform.EmbeddedServerSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL 17 per test JVM (relaxed durability, which tests may use), and a fresh
 * database per test class, so that classes never see each other's data.
 *
 * <p>Benchmarks that measure the product as deployed start it with {@code
 * -Dcustodian.bench.durable=true}: the product's embedded server settings ({@link
 * EmbeddedServerSettings}, durable, default sizes) instead of the relaxed ones.
 */
public final class TestDatabase {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static volatile EmbeddedPostgres server;

  private TestDatabase() {}

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        // The product's collation provider, so that tests sort and compare text as the product
        // does.
        EmbeddedServerSettings.initdbOptions().forEach(builder::setLocaleConfig);
        if (Boolean.getBoolean("custodian.bench.durable")) {
          EmbeddedServerSettings.of(
                  EmbeddedServerSettings.DEFAULT_SHARED_BUFFERS,
                  EmbeddedServerSettings.DEFAULT_MAX_WAL_SIZE,
                  true)
              .forEach(builder::setServerConfig);
        } else {
          builder
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("full_page_writes", "off")
              .setServerConfig("max_connections", "300");
        }
        if (Boolean.getBoolean("custodian.bench.pgss")) {
          // Statement counts per request for RoundTripProbe (PostgreSQL 17 docs, F.30
          // pg_stat_statements): loaded only on request, it costs every statement a hash lookup.
          builder
              .setServerConfig("shared_preload_libraries", "pg_stat_statements")
              .setServerConfig("pg_stat_statements.track", "all")
              .setServerConfig("pg_stat_statements.track_utility", "on")
              .setServerConfig("pg_stat_statements.track_planning", "on");
        }
        server = builder.start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server;
  }

  /** Creates a new, empty database and returns its JDBC url (user postgres, no password). */
  public static String newDatabaseUrl() {
    EmbeddedPostgres pg = server();
    String name = "test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database", e);
    }
    return "jdbc:postgresql://localhost:"
        + pg.getPort()
        + "/"
        + name
        + "?reWriteBatchedInserts=true";
  }
}
