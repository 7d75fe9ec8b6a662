package health.custodian.cli;

/** Receives what {@link ImportReader} makes of a file. */
interface ImportSink {

  /** Queues a request; may block while the senders are busy, which bounds memory. */
  void send(ImportRequest request) throws InterruptedException;

  /** Reports a part of a file that cannot even be sent (not JSON, not a resource). */
  void fail(ImportFailure failure);
}
