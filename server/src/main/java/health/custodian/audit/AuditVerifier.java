package health.custodian.audit;

import health.custodian.audit.internal.chain.AuditKeys;
import health.custodian.audit.internal.chain.ChainWalk;
import health.custodian.audit.internal.chain.Checkpoints;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Checks the whole audit chain of a database against the key file and the checkpoints (used by
 * {@code ./custodian audit verify}); reads only, so it works beside a running server.
 */
public final class AuditVerifier {

  private AuditVerifier() {}

  /**
   * Walks every record in one read-only snapshot.
   *
   * @param connection a connection to the Custodian database (any role that may read the audit
   *     tables); its auto-commit is switched off for the walk
   * @param keyFile the audit key file ({@code <data>/secrets/audit.key} by default)
   * @param checkpointDir the checkpoint folder ({@code <data>/audit/checkpoints} by default)
   */
  public static VerifyReport verify(Connection connection, Path keyFile, Path checkpointDir)
      throws SQLException {
    AuditKeys keys = AuditKeys.read(keyFile);
    ChainWalk.Result r = new ChainWalk(keys, new Checkpoints(checkpointDir, keys)).walk(connection);
    if (r.intact()) {
      return VerifyReport.ok(r.checked(), r.message());
    }
    Long position = r.position();
    return new VerifyReport(
        false,
        r.checked(),
        position,
        position == null ? null : "AuditEvent/" + position,
        r.problem(),
        r.message());
  }
}
