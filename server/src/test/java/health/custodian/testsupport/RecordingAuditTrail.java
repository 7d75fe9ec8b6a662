package health.custodian.testsupport;

import health.custodian.access.AuditRecord;
import health.custodian.access.AuditTrail;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The test suite's {@link AuditTrail}: keeps records in memory with the contract's transaction
 * semantics: a record made inside a transaction appears only if that transaction commits.
 */
public class RecordingAuditTrail implements AuditTrail {

  private final List<AuditRecord> records = new CopyOnWriteArrayList<>();

  @Override
  public void record(AuditRecord record) {
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

  public List<AuditRecord> records() {
    return List.copyOf(records);
  }

  public void clear() {
    records.clear();
  }
}
