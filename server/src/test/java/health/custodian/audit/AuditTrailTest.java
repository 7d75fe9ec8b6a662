package health.custodian.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.custodian.access.AuditTrail;
import health.custodian.access.Caller;
import health.custodian.access.Role;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

class AuditTrailTest extends AuditTestSupport {

  @Autowired AuditTrail trail;
  @Autowired TransactionTemplate transactions;

  private final Caller alice = user("alice", Role.CLINICIAN);

  private long count(String where) throws SQLException {
    try (Connection c = owner();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from audit_event where " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void outsideATransactionTheRecordIsCommittedWhenRecordReturns() throws Exception {
    trail.record(read(alice, "p-out", "Patient/p-out"));
    // another connection sees it at once: it was committed before record returned
    assertThat(count("'p-out' = any(patients)")).isEqualTo(1);
    assertThat(verify().intact()).isTrue();
  }

  @Test
  void aRolledBackTransactionLeavesNoRecord() throws Exception {
    assertThatThrownBy(
            () ->
                transactions.executeWithoutResult(
                    s -> {
                      trail.record(read(alice, "p-rollback", "Patient/p-rollback"));
                      throw new IllegalStateException("the write failed");
                    }))
        .isInstanceOf(IllegalStateException.class);
    transactions.executeWithoutResult(
        s -> {
          trail.record(read(alice, "p-rollback", "Patient/p-rollback"));
          s.setRollbackOnly();
        });
    assertThat(count("'p-rollback' = any(patients)")).isZero();
    assertThat(verify().intact()).isTrue();
  }

  @Test
  void aCommittedTransactionCommitsItsRecordWithIt() throws Exception {
    long[] during = new long[1];
    transactions.executeWithoutResult(
        s -> {
          trail.record(read(alice, "p-commit", "Patient/p-commit"));
          trail.record(read(alice, "p-commit", "Observation/o1"));
          try {
            during[0] = count("'p-commit' = any(patients)");
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
    assertThat(during[0]).isZero();
    assertThat(count("'p-commit' = any(patients)")).isEqualTo(2);
    assertThat(verify().intact()).isTrue();
  }

  @Test
  void concurrentWritersProduceOneValidChain() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      futures.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 100; i++) {
                  String patient = "p-conc-" + thread;
                  if (i % 3 == 0) {
                    transactions.executeWithoutResult(
                        s -> trail.record(read(alice, patient, "Patient/" + patient)));
                  } else {
                    trail.record(read(alice, patient, "Patient/" + patient));
                  }
                }
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    assertThat(count("patients[1] like 'p-conc-%'")).isEqualTo(800);
    try (Connection c = owner();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*), min(seq), max(seq) from audit_event")) {
      rs.next();
      assertThat(rs.getLong(3) - rs.getLong(2) + 1).isEqualTo(rs.getLong(1));
    }
    VerifyReport report = verify();
    assertThat(report.intact()).as(report.message()).isTrue();
    assertThat(report.checked()).isGreaterThanOrEqualTo(800);
  }
}
