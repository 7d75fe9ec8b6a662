package health.custodian.testsupport;

import health.custodian.access.AuditRecord;
import health.custodian.access.AuditTrail;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Primary;

/**
 * The audit trail as integration tests see it: every record goes to the real, chained audit log
 * (the audit module's {@code auditTrail} bean, so transaction semantics are the product's) and is
 * also kept in memory, so that tests can assert what was audited without decoding the log.
 */
@Primary
public class RecordingAuditTrail implements AuditTrail {

  private final AuditTrail delegate;
  private final List<AuditRecord> records = new ArrayList<>();
  private volatile boolean failing;

  public RecordingAuditTrail(@Qualifier("auditTrail") AuditTrail delegate) {
    this.delegate = delegate;
  }

  @Override
  public void record(AuditRecord record) {
    if (failing) {
      throw new IllegalStateException("audit unavailable (test)");
    }
    delegate.record(record);
    synchronized (this) {
      records.add(record);
    }
  }

  /** Makes every following record fail, as an unavailable audit store would. */
  public void failing(boolean failing) {
    this.failing = failing;
  }

  public synchronized List<AuditRecord> records() {
    return List.copyOf(records);
  }

  /** The records of one subtype ({@code login}, {@code token-issue}, ...). */
  public synchronized List<AuditRecord> ofSubtype(String subtype) {
    return records.stream().filter(r -> r.subtype().equals(subtype)).toList();
  }
}
