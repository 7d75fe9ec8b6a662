package health.custodian.cli;

import health.custodian.audit.AuditVerifier;
import health.custodian.audit.VerifyReport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code custodian audit verify [--data DIR]}: walks the whole audit chain and the signed
 * checkpoints; exit status 0 when intact, 1 with the position and id of the first edited, deleted,
 * reordered or truncated record otherwise. Reads the database directly: the running server's
 * embedded PostgreSQL when one runs on the folder, else it starts the folder's database itself.
 */
@Command(name = "verify", description = "Verify the audit log's HMAC chain and checkpoints.")
final class AuditVerifyCommand implements Callable<Integer> {

  @Option(names = "--data", defaultValue = "data", description = "Data folder (default ./data).")
  Path data = Path.of("data");

  @Option(names = "--key-file", description = "Audit key file (default DATA/secrets/audit.key).")
  @Nullable Path keyFile;

  @Option(
      names = "--checkpoints",
      description = "Checkpoint folder (default DATA/audit/checkpoints).")
  @Nullable Path checkpoints;

  @Option(
      names = "--db-url",
      description =
          "JDBC url of an external database (default: env CUSTODIAN_DB_URL, else embedded).")
  @Nullable String dbUrl;

  @Option(names = "--db-user", description = "Database user (default: env CUSTODIAN_DB_USER).")
  @Nullable String dbUser;

  @Option(names = "--db-password", description = "Password (default: env CUSTODIAN_DB_PASSWORD).")
  @Nullable String dbPassword;

  @Override
  public Integer call() throws Exception {
    Path key = keyFile != null ? keyFile : data.resolve("secrets").resolve("audit.key");
    Path cps = checkpoints != null ? checkpoints : data.resolve("audit").resolve("checkpoints");
    if (!Files.isRegularFile(key)) {
      System.err.println("custodian audit verify: no key file at " + key);
      return 2;
    }
    String url = dbUrl != null ? dbUrl : System.getenv("CUSTODIAN_DB_URL");
    long start = System.nanoTime();
    VerifyReport report;
    if (url != null) {
      String user = dbUser != null ? dbUser : System.getenv("CUSTODIAN_DB_USER");
      String password = dbPassword != null ? dbPassword : System.getenv("CUSTODIAN_DB_PASSWORD");
      try (Connection c = DriverManager.getConnection(url, user, password)) {
        report = AuditVerifier.verify(c, key, cps);
      }
    } else {
      report = verifyEmbedded(key, cps);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.err.printf(
        Locale.ROOT,
        "checked %d records in %.2f s (%.0f records/s)%n",
        report.checked(),
        seconds,
        report.checked() / Math.max(seconds, 1e-9));
    if (report.intact()) {
      System.out.println("OK " + report.message());
      return 0;
    }
    System.out.println(
        "TAMPERED position="
            + report.position()
            + " id="
            + report.recordId()
            + " problem="
            + report.problem()
            + ": "
            + report.message());
    return 1;
  }

  private VerifyReport verifyEmbedded(Path key, Path cps) throws IOException, SQLException {
    Path pg = data.resolve("pg");
    // the embedded server's start-up chatter would bury the one-line verdict
    if (org.slf4j.LoggerFactory.getLogger("io.zonky")
        instanceof ch.qos.logback.classic.Logger zonky) {
      zonky.setLevel(ch.qos.logback.classic.Level.WARN);
    }
    if (!Files.isDirectory(pg)) {
      throw new IllegalStateException("no database in " + data);
    }
    Integer port = runningPort(pg);
    if (port != null) {
      try (Connection c = connect(port)) {
        return AuditVerifier.verify(c, key, cps);
      }
    }
    try (EmbeddedPostgres own =
        EmbeddedPostgres.builder()
            .setDataDirectory(pg)
            .setCleanDataDirectory(false)
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("listen_addresses", "localhost")
            .start()) {
      try (Connection c = connect(own.getPort())) {
        return AuditVerifier.verify(c, key, cps);
      }
    }
  }

  private static Connection connect(int port) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
  }

  /** The port of a live postmaster on this folder (line 4 of postmaster.pid), else null. */
  private static @Nullable Integer runningPort(Path pg) throws IOException {
    Path pid = pg.resolve("postmaster.pid");
    if (!Files.isRegularFile(pid)) {
      return null;
    }
    List<String> lines = Files.readAllLines(pid, StandardCharsets.UTF_8);
    if (lines.size() < 4) {
      return null;
    }
    long process = Long.parseLong(lines.get(0).trim());
    if (!ProcessHandle.of(process).map(ProcessHandle::isAlive).orElse(false)) {
      return null;
    }
    return Integer.parseInt(lines.get(3).trim());
  }
}
