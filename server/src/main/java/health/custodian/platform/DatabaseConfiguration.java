package health.custodian.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** One PostgreSQL 17 in every mode: embedded under the data folder, or external by url. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

  @Bean(destroyMethod = "close")
  @Nullable EmbeddedPostgres embeddedPostgres(DatabaseProperties db, DataFolder folder) {
    if (db.url() != null) {
      return null;
    }
    try {
      Files.createDirectories(folder.postgresDir());
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(folder.postgresDir())
              .setCleanDataDirectory(false)
              // Spring stops it (destroyMethod) after the pool and the event registry are done;
              // zonky's own JVM hook would kill it first and stall shutdown for 30 s.
              .setRegisterShutdownHook(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("max_connections", "100")
              .setServerConfig("shared_buffers", db.sharedBuffers())
              .setServerConfig("work_mem", "16MB")
              .setServerConfig("maintenance_work_mem", "256MB")
              // The embedded cluster lives on local disk and mostly in the page cache: a random
              // page costs about what a sequential one does. With the default 4 the planner scans
              // a whole table rather than probe an index a few thousand times (a 1M-resource
              // search count: 250 ms by scan, 55 ms by probes).
              .setServerConfig("random_page_cost", "1.1")
              .setServerConfig("max_wal_size", db.maxWalSize())
              .setServerConfig("checkpoint_timeout", "15min")
              .setServerConfig("listen_addresses", "localhost")
              // The embedded server has no standby and archives nothing: with minimal WAL, CREATE
              // INDEX (the link and search index rebuilds after a bulk load) writes no WAL for the
              // new index and fsyncs its file at commit instead (PostgreSQL 17 docs, 19.5.1
              // wal_level; docs/adr/0007-embedded-server-minimal-wal.md). Still crash-safe.
              .setServerConfig("wal_level", "minimal")
              .setServerConfig("max_wal_senders", "0")
              // initdb options, so only a new data folder's cluster gets them (an existing one
              // keeps the provider it was created with). The builtin provider's C.UTF-8 collates
              // by code point with memcmp and abbreviated keys (PostgreSQL 17 docs, 23.1.4
              // "Locale Providers", 23.2.2.1 "Standard Collations"); libc's C.UTF-8, initdb's
              // choice under LANG=C.UTF-8, gives the same order through strcoll, at about 5 % of
              // the load phase's server CPU. Otherwise initdb would take the collation from the
              // environment (say en_US.UTF-8, a different order). LC_CTYPE, which the text search
              // parser uses, still comes from the environment as before.
              // docs/adr/0008-builtin-collation-provider.md
              .setLocaleConfig("locale-provider", "builtin")
              .setLocaleConfig("builtin-locale", "C.UTF-8");
      // Durable by default (serve mode): zonky passes -F (fsync off); these -c settings win.
      builder
          .setServerConfig("fsync", db.durable() ? "on" : "off")
          .setServerConfig("full_page_writes", db.durable() ? "on" : "off")
          .setServerConfig("synchronous_commit", db.durable() ? "on" : "off");
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
    }
  }

  /** The application's runtime connections, as the restricted {@code app-user} role. */
  @Bean(destroyMethod = "close")
  HikariDataSource dataSource(DatabaseProperties db, @Nullable EmbeddedPostgres embedded) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url(db, embedded));
    config.setUsername(db.appUser());
    if (embedded == null && db.appPassword() != null) {
      config.setPassword(db.appPassword());
    }
    config.setMaximumPoolSize(db.poolSize());
    config.setPoolName("custodian");
    // Lazy: the pool opens on first use, after Flyway (as the owner) has created the role.
    HikariDataSource dataSource = new HikariDataSource();
    config.copyStateTo(dataSource);
    return dataSource;
  }

  /**
   * Flyway migrates as the schema owner (the superuser when embedded), never as the runtime role:
   * the runtime role must not be able to alter or drop the audit tables it may only append to.
   */
  @Bean
  FlywayConfigurationCustomizer ownerMigrates(
      DatabaseProperties db, @Nullable EmbeddedPostgres embedded) {
    return configuration -> {
      SimpleDriverDataSource owner = new SimpleDriverDataSource();
      owner.setDriverClass(org.postgresql.Driver.class);
      owner.setUrl(url(db, embedded));
      owner.setUsername(embedded != null ? "postgres" : Objects.requireNonNullElse(db.user(), ""));
      if (embedded == null && db.password() != null) {
        owner.setPassword(db.password());
      }
      configuration.dataSource(owner);
      Map<String, String> placeholders = new HashMap<>(configuration.getPlaceholders());
      placeholders.put("appUser", db.appUser());
      configuration.placeholders(placeholders);
    };
  }

  private static String url(DatabaseProperties db, @Nullable EmbeddedPostgres embedded) {
    if (embedded != null) {
      return "jdbc:postgresql://localhost:"
          + embedded.getPort()
          + "/postgres?reWriteBatchedInserts=true";
    }
    return Objects.requireNonNull(db.url());
  }
}
