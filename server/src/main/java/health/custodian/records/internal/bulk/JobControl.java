package health.custodian.records.internal.bulk;

/** What a running job sees of the outside: cancellation and live progress. */
interface JobControl {

  /** Thrown inside a job that was cancelled, to stop it between batches. */
  final class CancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CancelledException() {
      super("cancelled", null, false, false);
    }
  }

  boolean cancelled();

  void progress(String text);

  /** Throws {@link CancelledException} when the job was cancelled. */
  default void checkCancelled() {
    if (cancelled()) {
      throw new CancelledException();
    }
  }
}
