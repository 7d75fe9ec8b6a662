package health.custodian.testsupport;

import health.custodian.access.AuditRecord;
import health.custodian.access.AuditTrail;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit trail of integration tests until the audit module provides the real one: keeps every
 * record in memory so that tests can assert what was audited.
 */
public class RecordingAuditTrail implements AuditTrail {

  private final List<AuditRecord> records = new ArrayList<>();

  @Override
  public synchronized void record(AuditRecord record) {
    records.add(record);
  }

  public synchronized List<AuditRecord> records() {
    return List.copyOf(records);
  }

  /** The records of one subtype ({@code login}, {@code token-issue}, ...). */
  public synchronized List<AuditRecord> ofSubtype(String subtype) {
    return records.stream().filter(r -> r.subtype().equals(subtype)).toList();
  }
}
