package health.custodian.audit.internal.store;

import health.custodian.access.AuditRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable appends outside a caller's transaction (reads), by group commit with a leader: a caller
 * that finds no batch being committed becomes the leader and commits, on its own thread, every
 * record queued so far in one durable transaction ({@link LeaderAppend}); callers arriving
 * meanwhile queue their records and wait. When its batch is committed the leader wakes the callers
 * it committed for and, if records queued up during its commit, hands the lead to the oldest of
 * their callers (who is woken once either way), then returns. One WAL flush serves many concurrent
 * reads, and no dedicated writer thread has to be woken for each batch and switched to and from.
 *
 * <p>Every caller returns only once the fate of its own record is known: committed, or failed with
 * an exception. If a batch fails its records are retried one by one, so that one bad record fails
 * only its own caller. {@link #close} refuses new records, lets the current leader finish what is
 * queued and fails whatever is still queued after ten seconds.
 */
final class GroupCommitWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

  private static final int WAITING = 0;
  private static final int COMMITTED = 1;
  private static final int FAILED = 2;

  /** Handed the lead: the caller commits the queue itself. */
  private static final int LEAD = 3;

  /** One caller's record and how it ended; {@code failure} is written before {@code state}. */
  private static final class Pending {
    final AuditRecord record;
    final Thread caller;
    volatile int state = WAITING;
    @Nullable Throwable failure;

    Pending(AuditRecord record, Thread caller) {
      this.record = record;
      this.caller = caller;
    }
  }

  private final DataSource dataSource;
  private final AuditAppender appender;
  private final LeaderAppend leaderAppend;
  private final Terms terms;
  private final int maxBatch;
  private final long commitDelayNanos;

  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled when the lead is given up with nothing queued (for {@link #close}). */
  private final Condition idle = lock.newCondition();

  // guarded by lock
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();

  /** Someone leads: a caller is committing, or has been handed the lead and will. Guarded. */
  private boolean led;

  private boolean running = true;

  /** Used by the leader only (one at a time; the hand-over goes through {@link #lock}). */
  private @Nullable Connection own;

  /** Batches committed (each one durable transaction); for tests and diagnostics. */
  private final AtomicLong commits = new AtomicLong();

  /** Records committed by those batches: records per commit is what the group commit achieves. */
  private final AtomicLong committed = new AtomicLong();

  /** Nanoseconds leaders spent waiting for company ({@link #gather}), summed. */
  private final AtomicLong gathered = new AtomicLong();

  /** The size of the last batch committed; leader only. */
  private int lastBatch;

  /** The leader while it waits for company ({@link #gather}), to wake once a batch is full. */
  private @Nullable Thread gatherer;

  /** How many queued records end the current wait for company; guarded by {@link #lock}. */
  private int gatherTarget;

  /** How many callers there seem to be; bounds the wait for company ({@link #gather}). */
  private final CallerEstimate callers = new CallerEstimate();

  /** The chain head the last leader wrote, if its statement succeeded; leader only. */
  private LeaderAppend.@Nullable Head head;

  GroupCommitWriter(
      DataSource dataSource,
      AuditAppender appender,
      LeaderAppend leaderAppend,
      Terms terms,
      int maxBatch) {
    this(dataSource, appender, leaderAppend, terms, maxBatch, Duration.ZERO);
  }

  GroupCommitWriter(
      DataSource dataSource,
      AuditAppender appender,
      LeaderAppend leaderAppend,
      Terms terms,
      int maxBatch,
      Duration commitDelay) {
    this.dataSource = dataSource;
    this.appender = appender;
    this.leaderAppend = leaderAppend;
    this.terms = terms;
    this.maxBatch = maxBatch;
    this.commitDelayNanos = commitDelay.toNanos();
  }

  /** Appends and returns once the record is committed; throws when it could not be. */
  void append(AuditRecord record) {
    Pending me = new Pending(record, Thread.currentThread());
    boolean lead;
    lock.lock();
    try {
      if (!running) {
        throw new IllegalStateException("the audit writer is stopped");
      }
      queue.add(me);
      callers.enter();
      lead = !led;
      led = true;
      Thread g = gatherer;
      if (g != null && queue.size() >= gatherTarget) {
        LockSupport.unpark(g);
      }
    } finally {
      lock.unlock();
    }
    try {
      if (lead || await(me)) {
        lead(me);
      }
    } finally {
      callers.leave();
    }
    if (me.state == FAILED) {
      throw new IllegalStateException("the audit record could not be written", me.failure);
    }
  }

  /**
   * Waits until {@code me} is committed, failed or handed the lead (true). Interrupts do not end
   * the wait (the record's fate is known within one commit); the interrupt status is kept.
   */
  private boolean await(Pending me) {
    boolean interrupted = false;
    while (me.state == WAITING) {
      LockSupport.park(this);
      if (Thread.interrupted()) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return me.state == LEAD;
  }

  /** Commits batches from the queue until {@code me}'s is done, then passes the lead on. */
  private void lead(Pending me) {
    List<Pending> batch = new ArrayList<>(Math.min(maxBatch, 64));
    try {
      lock.lock();
      try {
        // under the lock: close() may have failed this record meanwhile, which must stand
        if (me.state == LEAD) {
          me.state = WAITING;
        }
      } finally {
        lock.unlock();
      }
      while (me.state == WAITING) {
        gather();
        lock.lock();
        try {
          for (Pending p; batch.size() < maxBatch && (p = queue.poll()) != null; ) {
            batch.add(p);
          }
        } finally {
          lock.unlock();
        }
        if (batch.isEmpty()) {
          // close() took the queue, this record with it (and has failed it)
          break;
        }
        lastBatch = batch.size();
        commit(batch);
        batch.clear();
      }
    } catch (Error e) {
      // commit catches what the database throws; after an Error nobody's fate may stay open, and
      // the lead must not pass to this caller, who is leaving
      for (Pending p : batch) {
        finish(p, FAILED, e);
      }
      lock.lock();
      try {
        queue.remove(me);
      } finally {
        lock.unlock();
      }
      throw e;
    } finally {
      passLead();
    }
  }

  /**
   * The commit delay (the idea of PostgreSQL's {@code commit_delay} and {@code commit_siblings},
   * PostgreSQL 17 docs 28.5 "WAL Configuration"): when the last batch had more than one record or
   * more than one is queued, i.e. callers are reading concurrently, the leader waits up to the
   * delay (or until a batch is full) for more records, so that each durable commit, whose cost
   * hardly depends on its size, serves more reads. A lone caller never waits: without company there
   * is nothing to gather.
   *
   * <p>The wait also ends once half as many records are queued as there seem to be callers (the
   * most records inside {@link #append} at once over the last one or two windows of batches): a
   * wait that parks every caller leaves the CPU idle, which at a few callers costs throughput
   * (docs/benchmarks.md, "Audit log": a fixed 2 ms wait parked all 8 of 8 callers and cost a third
   * of the reads), while at many callers a long wait lets each commit serve more of them.
   */
  private void gather() {
    if (commitDelayNanos <= 0) {
      return;
    }
    lock.lock();
    try {
      int target = callers.gatherTarget(maxBatch);
      if ((lastBatch < 2 && queue.size() < 2) || queue.size() >= target || !running) {
        return;
      }
      gatherTarget = target;
      gatherer = Thread.currentThread();
    } finally {
      lock.unlock();
    }
    long deadline = System.nanoTime() + commitDelayNanos;
    try {
      for (long left; (left = deadline - System.nanoTime()) > 0; ) {
        LockSupport.parkNanos(this, left);
        lock.lock();
        try {
          if (queue.size() >= gatherTarget || !running) {
            return;
          }
        } finally {
          lock.unlock();
        }
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
      }
    } finally {
      gathered.addAndGet(commitDelayNanos - Math.max(0, deadline - System.nanoTime()));
      lock.lock();
      try {
        gatherer = null;
      } finally {
        lock.unlock();
      }
    }
  }

  /** The lead goes to the oldest queued caller, or lapses when the queue is empty. */
  private void passLead() {
    lock.lock();
    try {
      Pending next = queue.peekFirst();
      if (next == null) {
        led = false;
        idle.signalAll();
      } else {
        next.state = LEAD;
        LockSupport.unpark(next.caller);
      }
    } finally {
      lock.unlock();
    }
  }

  private void commit(List<Pending> batch) {
    try {
      write(batch);
      commits.incrementAndGet();
      committed.addAndGet(batch.size());
      for (Pending p : batch) {
        finish(p, COMMITTED, null);
      }
    } catch (SQLException | RuntimeException e) {
      if (batch.size() == 1) {
        LOG.error("Audit append failed: {}", e.getClass().getName());
        finish(batch.get(0), FAILED, e);
        return;
      }
      // one bad record must not fail its neighbours: retry each on its own
      for (Pending p : batch) {
        commit(List.of(p));
      }
    }
  }

  private static void finish(Pending p, int state, @Nullable Throwable failure) {
    p.failure = failure;
    p.state = state;
    if (p.caller != Thread.currentThread()) {
      LockSupport.unpark(p.caller);
    }
  }

  private void write(List<Pending> batch) throws SQLException {
    List<AuditRecord> records = new ArrayList<>(batch.size());
    batch.forEach(p -> records.add(p.record));
    Connection c = connection();
    try {
      for (int attempt = 0; attempt < 3; attempt++) {
        LeaderAppend.Head expected = head != null ? head : leaderAppend.readHead(c);
        head = leaderAppend.append(c, records, expected);
        if (head != null) {
          return;
        }
      }
      // writing transactions keep moving the head: wait for its lock instead
      c.setAutoCommit(false);
      Map<String, Integer> fresh = appender.append(c, records, true);
      c.commit();
      c.setAutoCommit(true);
      terms.remember(fresh);
    } catch (SQLException | RuntimeException e) {
      head = null;
      dropConnection();
      throw e;
    }
  }

  /**
   * The leader uses one connection kept for the purpose: callers may hold pooled connections while
   * they wait, and a leader that had to borrow from an exhausted pool would wait for them.
   */
  private Connection connection() throws SQLException {
    Connection c = own;
    if (c == null || c.isClosed()) {
      c = dataSource.getConnection();
      // durable before the caller returns, whatever the server's default (PostgreSQL 17 docs
      // 19.5.1): each append is one autocommitted statement
      try (PreparedStatement ps =
          c.prepareStatement("select set_config('synchronous_commit', 'on', false)")) {
        ps.execute();
      }
      own = c;
    }
    return c;
  }

  private void dropConnection() {
    Connection c = own;
    own = null;
    if (c != null) {
      try {
        if (!c.getAutoCommit()) {
          c.rollback();
          c.setAutoCommit(true);
        }
        try (Statement s = c.createStatement()) {
          s.execute("reset synchronous_commit");
        }
        c.close();
      } catch (SQLException ignored) {
        // the pool discards a broken connection on its own
      }
    }
  }

  /** How many batches have been committed so far. */
  long commits() {
    return commits.get();
  }

  /**
   * Counters since start: batches committed, records they carried, and the leaders' time spent
   * waiting for company; for benchmarks and diagnostics (a difference of two snapshots gives the
   * records per commit of a period).
   */
  Counters counters() {
    return new Counters(commits.get(), committed.get(), gathered.get(), commitDelayNanos);
  }

  /** A snapshot of {@link #counters}; {@code delayNanos} is the configured commit delay. */
  record Counters(long commits, long records, long gatherNanos, long delayNanos) {}

  /** {@link #close(Duration)} with ten seconds. */
  @Override
  public void close() throws InterruptedException {
    close(Duration.ofSeconds(10));
  }

  /**
   * Refuses new records, waits up to {@code grace} for the queued ones to be committed by their
   * leader, fails those still queued, and returns the connection once no leader uses it.
   */
  void close(Duration grace) throws InterruptedException {
    lock.lock();
    try {
      running = false;
      Thread g = gatherer;
      if (g != null) {
        LockSupport.unpark(g);
      }
      long left = grace.toNanos();
      while (led && left > 0) {
        left = idle.awaitNanos(left);
      }
      if (led) {
        for (Pending p; (p = queue.poll()) != null; ) {
          finish(p, FAILED, new IllegalStateException("the audit writer stopped"));
        }
        return;
      }
    } finally {
      lock.unlock();
    }
    dropConnection();
  }
}
