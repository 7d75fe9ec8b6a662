package health.custodian.audit;

import health.custodian.access.AuditRecord;
import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.TempFolder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Audit integration tests, here and in the audit module's internal packages: their own data folder
 * (key file, checkpoints), the schema owner's connection, verification and test callers.
 */
@Import(TestAccess.class)
public abstract class AuditTestSupport extends IntegrationTest {

  @RegisterExtension static final TempFolder DATA_FOLDER = new TempFolder("custodian-audit-test-");

  protected static final Path DATA = DATA_FOLDER.path();

  @DynamicPropertySource
  static void auditFolder(DynamicPropertyRegistry registry) {
    registry.add("custodian.data-dir", DATA::toString);
    registry.add("custodian.audit.checkpoint-interval", () -> "1h");
  }

  @Value("${custodian.db.url}")
  String dbUrl;

  /** A connection as the superuser that owns the schema (what an attacker with DBA rights has). */
  protected Connection owner() throws SQLException {
    return DriverManager.getConnection(dbUrl, "postgres", "");
  }

  protected Path keyFile() {
    return DATA.resolve("secrets").resolve("audit.key");
  }

  protected Path checkpointDir() {
    return DATA.resolve("audit").resolve("checkpoints");
  }

  protected VerifyReport verify() throws SQLException {
    try (Connection c = owner()) {
      return AuditVerifier.verify(c, keyFile(), checkpointDir());
    }
  }

  protected static Caller user(String id, Role role) {
    return new Caller(
        id,
        Caller.Kind.USER,
        Set.of(role),
        Set.of(),
        null,
        Set.of(),
        Set.of(),
        null,
        "10.0.0.7",
        "sess-" + id);
  }

  static AuditRecord read(Caller who, String patient, String entity) {
    return new AuditRecord(
        Instant.now(),
        who,
        "R",
        "read",
        AuditRecord.Outcome.SUCCESS,
        null,
        List.of(entity),
        Set.of(patient),
        null,
        false,
        null);
  }
}
