package health.custodian.audit.internal.store;

import health.custodian.access.AuditRecord;
import health.custodian.access.AuditTrail;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The audit trail on PostgreSQL. Inside a writing transaction the records of that transaction are
 * collected and appended just before it commits (so the chain-head lock is held only for the
 * commit, and a rollback leaves nothing); outside one (or in a read-only one) the group-commit
 * writer makes the record durable before {@link #record} returns.
 */
public final class JdbcAuditTrail implements AuditTrail {

  private final DataSource dataSource;
  private final AuditAppender appender;
  private final Terms terms;
  private final GroupCommitWriter writer;

  JdbcAuditTrail(
      DataSource dataSource, AuditAppender appender, Terms terms, GroupCommitWriter writer) {
    this.dataSource = dataSource;
    this.appender = appender;
    this.terms = terms;
    this.writer = writer;
  }

  @Override
  public void record(AuditRecord record) {
    if (TransactionSynchronizationManager.isActualTransactionActive()
        && TransactionSynchronizationManager.isSynchronizationActive()
        && !TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
      Object bound = TransactionSynchronizationManager.getResource(this);
      InTransaction pending;
      if (bound instanceof InTransaction existing) {
        pending = existing;
      } else {
        pending = new InTransaction();
        TransactionSynchronizationManager.bindResource(this, pending);
        TransactionSynchronizationManager.registerSynchronization(pending);
      }
      pending.records.add(record);
      return;
    }
    writer.append(record);
  }

  /** The records of one transaction, appended at its beforeCommit. */
  private final class InTransaction implements TransactionSynchronization {

    private final List<AuditRecord> records = new ArrayList<>();
    private Map<String, Integer> fresh = Map.of();

    @Override
    public void beforeCommit(boolean readOnly) {
      if (records.isEmpty()) {
        return;
      }
      try {
        fresh = appender.append(DataSourceUtils.getConnection(dataSource), records, false);
      } catch (SQLException e) {
        // the write must not commit without its audit record
        throw new IllegalStateException("the audit record could not be written", e);
      }
    }

    @Override
    public void afterCommit() {
      terms.remember(fresh);
    }

    @Override
    public void afterCompletion(int status) {
      TransactionSynchronizationManager.unbindResourceIfPossible(JdbcAuditTrail.this);
    }
  }
}
