package health.custodian.records.internal.bulk;

import health.custodian.platform.DataFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/** Where job files live: {@code <bulk>/<jobId>/<file>} and {@code <bulk>/uploads/<id>.ndjson}. */
@Component
class BulkFiles {

  /** Job and upload ids are UUIDs; file names are ours. Anything else never reaches the disk. */
  private static final Pattern ID = Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");

  /** Passes over a job's folder while others change it, before {@link #deleteTree} gives up. */
  private static final int MAX_DELETE_PASSES = 20;

  private static final Pattern FILE = Pattern.compile("[A-Za-z0-9\\-]{1,80}\\.ndjson");

  private final Path root;

  BulkFiles(BulkSettings settings, DataFolder data) {
    Path dir = settings.dir();
    this.root = (dir != null ? dir : data.dataDir().resolve("bulk")).toAbsolutePath().normalize();
  }

  static boolean isId(String id) {
    return ID.matcher(id).matches();
  }

  Path root() {
    return root;
  }

  Path jobDir(String jobId) {
    if (!isId(jobId)) {
      throw new IllegalArgumentException("not a job id");
    }
    return root.resolve(jobId);
  }

  /** A fresh, empty folder for a job's files (left-overs of an interrupted run removed). */
  Path cleanJobDir(String jobId) {
    Path dir = jobDir(jobId);
    deleteTree(dir);
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A job's output file, if the names are well-formed and the file exists. */
  Optional<Path> jobFile(String jobId, String file) {
    if (!isId(jobId) || !FILE.matcher(file).matches()) {
      return Optional.empty();
    }
    Path path = root.resolve(jobId).resolve(file);
    return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
  }

  Path uploads() {
    return root.resolve("uploads");
  }

  Path upload(String uploadId) {
    if (!isId(uploadId)) {
      throw new IllegalArgumentException("not an upload id");
    }
    return uploads().resolve(uploadId + ".ndjson");
  }

  void deleteJob(String jobId) {
    if (isId(jobId)) {
      deleteTree(root.resolve(jobId));
    }
  }

  /**
   * Removes {@code dir} and everything in it. A cancelled job's files are removed both by the
   * cancelling request ({@link BulkJobs#cancel}) and by its worker when it stops, and the worker
   * may still write one file meanwhile: entries that vanish during the walk are someone else's
   * removal, entries that appear are taken on the next pass.
   */
  static void deleteTree(Path dir) {
    for (int pass = 1; Files.exists(dir); pass++) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (NoSuchFileException | DirectoryNotEmptyException e) {
        giveUpAfter(pass, e);
      } catch (UncheckedIOException e) {
        // Files.walk reports an entry that vanished while it was listed this way
        if (!(e.getCause() instanceof NoSuchFileException)) {
          throw e;
        }
        giveUpAfter(pass, e.getCause());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void giveUpAfter(int pass, IOException e) {
    if (pass >= MAX_DELETE_PASSES) {
      throw new UncheckedIOException(e);
    }
  }
}
