package health.custodian.records.internal.bulk;

import health.custodian.records.FhirException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** NDJSON bodies stored for a later {@code $import}; removed after the retention period. */
@Component
class BulkUploads {

  private final BulkFiles files;
  private final BulkSettings settings;

  BulkUploads(BulkFiles files, BulkSettings settings) {
    this.files = files;
    this.settings = settings;
  }

  /** Streams the body to a new upload file (never whole in memory); returns its id. */
  String store(InputStream in) {
    String id = UUID.randomUUID().toString();
    Path target = files.upload(id);
    Path partial = target.resolveSibling(id + ".part");
    try {
      Files.createDirectories(files.uploads());
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
}
