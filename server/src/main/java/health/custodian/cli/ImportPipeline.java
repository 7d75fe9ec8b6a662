package health.custodian.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads files on the calling thread and sends their requests from a few sender threads. A semaphore
 * bounds the requests in flight, so memory stays bounded whatever the input size; files of one
 * phase are all answered before the next phase starts, so references across phases resolve.
 */
final class ImportPipeline {

  private final FhirClient client;
  private final ImportReader reader;
  private final int threads;
  private final ImportListener listener;

  ImportPipeline(FhirClient client, ImportReader reader, int threads, ImportListener listener) {
    this.client = client;
    this.reader = reader;
    this.threads = threads;
    this.listener = listener;
  }

  ImportResult run(List<ImportFile> files) throws InterruptedException {
    long start = System.nanoTime();
    Counters counters = new Counters();
    // Each sender has one request in hand and one waiting: enough to keep them busy.
    int permits = threads * 2;
    Semaphore inFlight = new Semaphore(permits);
    ExecutorService senders = Executors.newFixedThreadPool(threads, daemonThreads());
    try {
      Sink sink = new Sink(senders, inFlight, counters);
      int phase = files.isEmpty() ? 0 : files.get(0).phase();
      for (ImportFile file : files) {
        if (file.phase() != phase) {
          inFlight.acquire(permits);
          inFlight.release(permits);
          phase = file.phase();
        }
        try {
          reader.read(file.path(), sink);
        } catch (IOException e) {
          sink.fail(new ImportFailure(file.path(), "file", 0, "cannot read: " + e.getMessage()));
        }
        counters.files.incrementAndGet();
        listener.fileRead(file);
      }
      inFlight.acquire(permits);
    } finally {
      senders.shutdownNow();
    }
    return new ImportResult(
        counters.files.intValue(),
        counters.resources.get(),
        counters.failed.get(),
        counters.requests.get(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  private void sendWithRetry(ImportRequest request, Counters counters) {
    List<ImportFailure> failures = sendOne(request, counters);
    if (failures.isEmpty() || request.oneByOne().isEmpty()) {
      report(failures, counters);
      return;
    }
    // The group failed as a whole: find out which parts were to blame.
    for (ImportRequest part : request.oneByOne()) {
      report(sendOne(part, counters), counters);
    }
  }

  private List<ImportFailure> sendOne(ImportRequest request, Counters counters) {
    long start = System.nanoTime();
    FhirClient.Result result;
    try {
      result = client.send(request);
    } catch (IOException e) {
      result = notSent(request, e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = notSent(request, "interrupted");
    }
    counters.requests.incrementAndGet();
    List<ImportFailure> failures = result.failures();
    boolean retried = !failures.isEmpty() && !request.oneByOne().isEmpty();
    // A rejected request stores nothing; an accepted batch stores all but its failed entries.
    boolean accepted = result.status() >= 200 && result.status() < 300;
    int stored = accepted ? Math.max(0, request.resources() - failures.size()) : 0;
    counters.resources.addAndGet(stored);
    listener.requestDone(request, System.nanoTime() - start, stored, retried);
    return failures;
  }

  private static FhirClient.Result notSent(ImportRequest request, String reason) {
    return new FhirClient.Result(
        0, List.of(new ImportFailure(request.file(), request.location(), 0, reason)));
  }

  private void report(List<ImportFailure> failures, Counters counters) {
    for (ImportFailure failure : failures) {
      counters.failed.incrementAndGet();
      listener.failed(failure);
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicLong number = new AtomicLong();
    return task -> {
      Thread thread = new Thread(task, "custodian-import-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static final class Counters {
    final AtomicLong files = new AtomicLong();
    final AtomicLong resources = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
  }

  private final class Sink implements ImportSink {
    private final ExecutorService senders;
    private final Semaphore inFlight;
    private final Counters counters;

    Sink(ExecutorService senders, Semaphore inFlight, Counters counters) {
      this.senders = senders;
      this.inFlight = inFlight;
      this.counters = counters;
    }

    @Override
    public void send(ImportRequest request) throws InterruptedException {
      inFlight.acquire();
      try {
        senders.execute(
            () -> {
              try {
                sendWithRetry(request, counters);
              } finally {
                inFlight.release();
              }
            });
      } catch (RuntimeException e) {
        inFlight.release();
        throw e;
      }
    }

    @Override
    public void fail(ImportFailure failure) {
      report(List.of(failure), counters);
    }
  }
}
