package health.custodian.cli;

/** Follows an import as it goes: progress display, benchmark statistics. */
interface ImportListener {

  /**
   * A request has been answered (or given up on); called from sender threads.
   *
   * @param nanos its latency
   * @param stored resources the server stored
   * @param retrying whether its parts will now be sent one by one
   */
  default void requestDone(ImportRequest request, long nanos, int stored, boolean retrying) {}

  /** A file has been read completely; its requests may still be in flight. */
  default void fileRead(ImportFile file) {}

  /** Something failed: a request, part of a file or a whole file. */
  default void failed(ImportFailure failure) {}

  /** Tells both listeners, first then second. */
  static ImportListener both(ImportListener first, ImportListener second) {
    return new ImportListener() {
      @Override
      public void requestDone(ImportRequest request, long nanos, int stored, boolean retrying) {
        first.requestDone(request, nanos, stored, retrying);
        second.requestDone(request, nanos, stored, retrying);
      }

      @Override
      public void fileRead(ImportFile file) {
        first.fileRead(file);
        second.fileRead(file);
      }

      @Override
      public void failed(ImportFailure failure) {
        first.failed(failure);
        second.failed(failure);
      }
    };
  }
}
