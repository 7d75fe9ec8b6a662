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
              .setPGStartupWait(Duration.ofSeconds(60));
      EmbeddedServerSettings.initdbOptions().forEach(builder::setLocaleConfig);
      EmbeddedServerSettings.of(db.sharedBuffers(), db.maxWalSize(), db.durable())
          .forEach(builder::setServerConfig);
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
