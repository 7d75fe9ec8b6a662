package health.custodian.records.internal.bulk;

import health.custodian.access.Caller;
import health.custodian.records.FhirException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * NDJSON bodies stored for a later {@code $import}; removed after the retention period. Each
 * belongs to the caller who stored it ({@code <id>.owner} beside {@code <id>.ndjson}): only that
 * caller may name it in an {@code $import}, as only the kick-off caller may follow a job (IG
 * v2.0.0, "Privacy and Security Considerations").
 */
@Component
class BulkUploads {

  private final BulkFiles files;
  private final BulkSettings settings;

  BulkUploads(BulkFiles files, BulkSettings settings) {
    this.files = files;
    this.settings = settings;
  }

  /** Streams the body to a new upload file (never whole in memory); returns its id. */
  String store(InputStream in, Caller owner) {
    String id = UUID.randomUUID().toString();
    Path target = files.upload(id);
    Path partial = target.resolveSibling(id + ".part");
    try {
      Files.createDirectories(files.uploads());
      // The owner first: an upload visible under its final name always has one.
      Files.writeString(owner(target), ownerKey(owner), StandardCharsets.UTF_8);
      long written = 0;
      byte[] buffer = new byte[1 << 16];
      try (OutputStream out = Files.newOutputStream(partial)) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          written += n;
          if (written > settings.maxUploadBytes()) {
            throw new FhirException(
                413,
                "body-too-large",
                "too-long",
                "The upload is larger than custodian.bulk.max-upload-bytes");
          }
          out.write(buffer, 0, n);
        }
      }
      // Visible under its final name only when complete.
      Files.move(partial, target);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException ignored) {
        // Cleanup removes it later.
      }
    }
  }

  /**
   * Refuses an import naming an upload that {@code caller} did not store, with the answer for an
   * upload that does not exist, so that upload ids reveal nothing.
   */
  void requireOwned(ImportRequest request, Caller caller) {
    for (ImportRequest.Input input : request.inputs()) {
      Path path = Path.of(input.path());
      if (!files.uploads().equals(path.getParent())) {
        continue;
      }
      String stored;
      try {
        stored = Files.readString(owner(path), StandardCharsets.UTF_8);
      } catch (IOException e) {
        stored = "";
      }
      if (!stored.equals(ownerKey(caller))) {
        throw FhirException.badRequest(
            "unknown-upload", "No uploaded file " + input.url() + " (expired?)", "input");
      }
    }
  }

  private static Path owner(Path upload) {
    String name = upload.getFileName().toString();
    return upload.resolveSibling(name.substring(0, name.length() - ".ndjson".length()) + ".owner");
  }

  private static String ownerKey(Caller caller) {
    return caller.kind() + "\n" + caller.id();
  }
}
