package health.custodian.records.internal.validation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Reads the example resources of the official R4 examples package (shared data, not in git). */
final class ExampleArchive {

  static final Path ARCHIVE =
      Path.of(
          System.getProperty(
              "custodian.r4-examples",
              "../../shared/data/fhir-r4-examples/hl7.fhir.r4.examples-4.0.1.tgz"));

  private ExampleArchive() {}

  /** File name to JSON text, for every resource example (not the package metadata). */
  static Map<String, String> read() throws IOException {
    Map<String, String> result = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(ARCHIVE);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
        if (entry.isFile()
            && name.endsWith(".json")
            && !name.equals("package.json")
            && !name.startsWith(".")) {
          result.put(name, new String(tar.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    return result;
  }
}
