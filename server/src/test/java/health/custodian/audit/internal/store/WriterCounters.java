package health.custodian.audit.internal.store;

import org.springframework.context.ApplicationContext;

/**
 * Benchmark access to the group-commit writer's counters (the writer is internal to the audit
 * module): batches committed, the records they carried, the leaders' waiting time and the commit
 * delay in force, so that a benchmark can print how many reads each durable commit served.
 */
public final class WriterCounters {

  private final GroupCommitWriter writer;

  private WriterCounters(GroupCommitWriter writer) {
    this.writer = writer;
  }

  /** The counters of the context's writer. */
  public static WriterCounters of(ApplicationContext context) {
    return new WriterCounters(context.getBean(GroupCommitWriter.class));
  }

  /** {commits, records, nanoseconds leaders waited for company, commit delay in nanoseconds}. */
  public long[] now() {
    GroupCommitWriter.Counters c = writer.counters();
    return new long[] {c.commits(), c.records(), c.gatherNanos(), c.delayNanos()};
  }
}
