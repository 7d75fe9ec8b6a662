package health.custodian.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.utilities.npm.NpmPackage;

/**
 * The project's shared test material ({@code ../shared/data}, see its README), read only by tests
 * tagged {@code shared-data} (Maven profile {@code shared-data}).
 */
public final class SharedData {

  private SharedData() {}

  public static Path root() {
    String configured = System.getProperty("custodian.shared-data");
    Path path = configured != null ? Path.of(configured) : Path.of("..", "..", "shared", "data");
    if (!Files.isDirectory(path)) {
      throw new IllegalStateException(
          "shared test data not found at " + path.toAbsolutePath() + " (run with -Pshared-data)");
    }
    return path;
  }

  /** The official R4 examples (hl7.fhir.r4.examples 4.0.1): file name to JSON bytes. */
  public static Map<String, byte[]> officialExamples() {
    Path tgz = root().resolve("fhir-r4-examples/hl7.fhir.r4.examples-4.0.1.tgz");
    try (InputStream in = Files.newInputStream(tgz)) {
      NpmPackage pkg = NpmPackage.fromPackage(in);
      Map<String, byte[]> files = new TreeMap<>();
      pkg.getFolders()
          .get("package")
          .getContent()
          .forEach(
              (name, bytes) -> {
                if (name.endsWith(".json")
                    && !name.equals("package.json")
                    && !name.startsWith(".")) {
                  files.put(name, bytes);
                }
              });
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
