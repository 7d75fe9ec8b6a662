package health.custodian.testsupport;

import health.custodian.access.AuditRecord;
import health.custodian.access.AuditTrail;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The audit trail as integration tests see it: every record goes to the real, chained audit log
 * (the audit module's {@code auditTrail} bean, so the product's semantics apply) and is also kept
 * in memory with the same transaction semantics (a record made inside a transaction appears only if
 * the transaction commits), so that tests can assert what was audited without decoding the log.
 */
@Primary
public class RecordingAuditTrail implements AuditTrail {

  private final AuditTrail delegate;
  // not a CopyOnWriteArrayList: its add copies the whole list under a lock, which in the gateway
  // benchmarks (20,000 audited reads between two clear()) cost every protected read a copy of
  // thousands of references and a garbage array
  private final ConcurrentLinkedQueue<AuditRecord> records = new ConcurrentLinkedQueue<>();
  private volatile boolean failing;

  /**
   * Benchmark harness only ({@code -Dcustodian.bench.audit=none}): records nothing, so that a
   * benchmark can measure what the audit costs a request. Read by test code only; the product has
   * no such switch.
   */
  private final boolean discard = "none".equals(System.getProperty("custodian.bench.audit"));

  public RecordingAuditTrail(@Qualifier("auditTrail") AuditTrail delegate) {
    this.delegate = delegate;
  }

  @Override
  public void record(AuditRecord record) {
    if (failing) {
      throw new IllegalStateException("audit unavailable (test)");
    }
    if (discard) {
      return;
    }
    delegate.record(record);
    if (TransactionSynchronizationManager.isSynchronizationActive()
        && TransactionSynchronizationManager.isActualTransactionActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              records.add(record);
            }
          });
    } else {
      records.add(record);
    }
  }

  /** Makes every following record fail, as an unavailable audit store would. */
  public void failing(boolean failing) {
    this.failing = failing;
  }

  public List<AuditRecord> records() {
    return List.copyOf(records);
  }

  /** The records of one subtype ({@code login}, {@code token-issue}, ...). */
  public List<AuditRecord> ofSubtype(String subtype) {
    return records.stream().filter(r -> r.subtype().equals(subtype)).toList();
  }

  public void clear() {
    records.clear();
  }
}
