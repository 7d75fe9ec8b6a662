package health.custodian.records.internal.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's folder removed by two parties at once, as a cancelled export's is (the DELETE request and
 * the worker that stops): neither may fail, and the folder is gone.
 */
class BulkFilesTest {

  @TempDir Path root;

  @Test
  void concurrentRemovalsOfTheSameJobFolderBothSucceed() throws Exception {
    for (int round = 0; round < 30; round++) {
      Path dir = root.resolve("job-" + round);
      for (int d = 0; d < 4; d++) {
        Path sub = Files.createDirectories(dir.resolve("part-" + d));
        for (int f = 0; f < 50; f++) {
          Files.writeString(sub.resolve("Observation-" + f + ".ndjson"), "{}\n");
        }
      }
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<Void>> removals = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        removals.add(
            CompletableFuture.runAsync(
                () -> {
                  awaitQuietly(start);
                  BulkFiles.deleteTree(dir);
                }));
      }
      start.countDown();
      for (CompletableFuture<Void> r : removals) {
        r.get();
      }
      assertThat(dir).doesNotExist();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
