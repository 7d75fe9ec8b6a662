package health.custodian.records.internal.storage;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Whether {@code consent_deny} may hold a row, so that the gateway can leave the Consent probe out
 * of its statements while no Consent denies anything (the common case; measured in
 * docs/benchmarks.md "Protected gateway vs. the raw store"). "Empty" is cached per generation;
 * every change of the table ({@link ConsentDenials}, the only writer) bumps the generation before
 * it writes and again after its transaction ends, so a check that read the table while a change was
 * in flight never caches "empty". Answers "may deny" whenever in doubt.
 */
@Component
public class ConsentDenyState {

  private final JdbcTemplate jdbc;
  private final AtomicLong generation = new AtomicLong();
  private volatile long emptyAt = -1;
  private volatile long nonEmptyAt = -1;
  private volatile boolean uncached;

  ConsentDenyState(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** False only when no Consent deny exists (as of a committed state no later than now). */
  public boolean mayDeny() {
    long g = generation.get();
    if (emptyAt == g) {
      return false;
    }
    if (nonEmptyAt == g) {
      return true;
    }
    Boolean any = jdbc.queryForObject("select exists (select 1 from consent_deny)", Boolean.class);
    if (Boolean.TRUE.equals(any)) {
      // A stale "may deny" is harmless: the probe itself reads the table.
      nonEmptyAt = g;
      return true;
    }
    if (!uncached && generation.get() == g) {
      emptyAt = g;
    }
    return false;
  }

  /** Called before {@code consent_deny} is changed in the current transaction. */
  void changing() {
    generation.incrementAndGet();
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              generation.incrementAndGet();
            }
          });
    } else {
      // No transaction end to wait for: never trust a cached "empty" again.
      uncached = true;
      emptyAt = -1;
    }
  }
}
