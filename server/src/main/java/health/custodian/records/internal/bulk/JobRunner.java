package health.custodian.records.internal.bulk;

/** Runs one job to its end and returns the manifest to store; the worker owns its state. */
@FunctionalInterface
interface JobRunner {

  /**
   * Runs {@code job}; throws {@link JobControl.CancelledException} when it was cancelled, anything
   * else when it failed.
   */
  String run(BulkJob job, JobControl control);
}
