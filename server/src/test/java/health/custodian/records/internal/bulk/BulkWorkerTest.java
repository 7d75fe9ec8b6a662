package health.custodian.records.internal.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.testsupport.IntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A job whose run throws an Error (an OutOfMemoryError of a large job, a StackOverflowError) ends
 * failed, with its files removed, instead of staying in-progress with no thread behind it (issue
 * #4: jobs never wedge); the worker goes on with the next job.
 */
class BulkWorkerTest extends IntegrationTest {

  @Autowired BulkJobStore store;
  @Autowired BulkFiles files;
  @Autowired BulkSettings settings;

  @Test
  void aJobThatThrowsAnErrorFailsAndTheWorkerGoesOn() throws Exception {
    String broken = job();
    String tooDeep = job();
    String fine = job();
    JobRunner runner =
        (job, control) -> {
          if (job.id().equals(broken)) {
            files.cleanJobDir(job.id());
            throw new OutOfMemoryError("Java heap space");
          }
          if (job.id().equals(tooDeep)) {
            throw new StackOverflowError();
          }
          return "{}";
        };
    BulkWorker worker = new BulkWorker(store, files, runner, settings);
    try {
      worker.submit(broken);
      worker.submit(tooDeep);
      worker.submit(fine);
      assertThat(awaitEnd(broken).state()).isEqualTo(BulkJob.State.FAILED);
      assertThat(store.find(broken).orElseThrow().error()).contains("OutOfMemoryError");
      assertThat(files.jobDir(broken)).doesNotExist();
      assertThat(awaitEnd(tooDeep).state()).isEqualTo(BulkJob.State.FAILED);
      assertThat(store.find(tooDeep).orElseThrow().error()).contains("StackOverflowError");
      assertThat(awaitEnd(fine).state()).isEqualTo(BulkJob.State.COMPLETED);
    } finally {
      worker.destroy();
    }
  }

  private String job() {
    String id = UUID.randomUUID().toString();
    store.insert(
        id,
        BulkJob.Kind.EXPORT,
        "http://localhost/fhir/$export",
        BulkJson.write(new ImportRequest(List.of())),
        null,
        Instant.now());
    return id;
  }

  private BulkJob awaitEnd(String id) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      BulkJob job = store.find(id).orElseThrow();
      if (job.state() != BulkJob.State.QUEUED && job.state() != BulkJob.State.IN_PROGRESS) {
        return job;
      }
      assertThat(System.nanoTime()).as("job " + id + " ended").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
