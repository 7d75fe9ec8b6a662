package health.custodian.platform;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the database lives. With no {@code url} Custodian starts an embedded PostgreSQL 17 whose
 * data directory is {@code <data-dir>/pg}; with a url (env {@code CUSTODIAN_DB_URL}, {@code
 * CUSTODIAN_DB_USER}, {@code CUSTODIAN_DB_PASSWORD}) it connects to that server instead.
 *
 * <p>Two roles connect: the owner ({@code user}; the superuser {@code postgres} when embedded) runs
 * the Flyway migrations only; the application's runtime connections use {@code app-user}, which
 * holds every table privilege except UPDATE, DELETE and TRUNCATE on the audit tables (issue #5,
 * "Append-only"). Migration V15 creates that role when the owner may create roles, and grants it
 * its privileges on present and future tables.
 *
 * @param url JDBC url of an external PostgreSQL server, or null for the embedded one
 * @param user owner of the schema on the external server (runs the migrations)
 * @param password password of the owner on the external server
 * @param appUser login role of the application's runtime connections
 * @param appPassword its password on an external server (the embedded one trusts localhost)
 * @param durable fsync and full_page_writes on for the embedded server (tests may relax this)
 * @param poolSize maximum number of pooled connections
 * @param sharedBuffers the embedded server's {@code shared_buffers} (PostgreSQL units, e.g. 1GB)
 * @param maxWalSize the embedded server's {@code max_wal_size}: the WAL written between two
 *     checkpoints; more means fewer full-page images during large bulk loads, and more disk
 */
@ConfigurationProperties("custodian.db")
public record DatabaseProperties(
    @Nullable String url,
    @Nullable String user,
    @Nullable String password,
    @DefaultValue("custodian_app") String appUser,
    @Nullable String appPassword,
    @DefaultValue("true") boolean durable,
    @DefaultValue("12") int poolSize,
    @DefaultValue(EmbeddedServerSettings.DEFAULT_SHARED_BUFFERS) String sharedBuffers,
    @DefaultValue(EmbeddedServerSettings.DEFAULT_MAX_WAL_SIZE) String maxWalSize) {

  private static final Pattern SIZE = Pattern.compile("[1-9][0-9]{0,6}(kB|MB|GB|TB)");
  private static final Pattern ROLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  public DatabaseProperties {
    // The name goes into DDL (a Flyway placeholder), so only plain lower-case identifiers.
    if (!ROLE.matcher(appUser).matches()) {
      throw new IllegalArgumentException(
          "custodian.db.app-user must be a lower-case PostgreSQL identifier");
    }
    // Passed to the server's command line: a number and a unit only.
    for (String size : new String[] {sharedBuffers, maxWalSize}) {
      if (!SIZE.matcher(size).matches()) {
        throw new IllegalArgumentException(
            "custodian.db.shared-buffers and max-wal-size are sizes such as 256MB or 4GB");
      }
    }
  }
}
