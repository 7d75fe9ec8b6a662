package health.custodian.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** Finds the files to import below the given paths, in the order they must be sent. */
final class ImportFiles {

  /** Organizations and locations: practitioners and patients point at them. */
  static final int PHASE_HOSPITALS = 0;

  /** Practitioners and their roles: patient bundles point at them. */
  static final int PHASE_PRACTITIONERS = 1;

  static final int PHASE_OTHERS = 2;

  private ImportFiles() {}

  /**
   * Directories are walked recursively and keep only {@code .json} and {@code .ndjson} files; files
   * named explicitly are taken whatever their extension. The result is sorted by path within each
   * phase; Synthea's hospital and practitioner files come first.
   */
  static List<ImportFile> discover(List<Path> roots) throws IOException {
    Set<Path> found = new LinkedHashSet<>();
    for (Path root : roots) {
      if (Files.isDirectory(root)) {
        try (Stream<Path> walk = Files.walk(root)) {
          walk.filter(Files::isRegularFile)
              .filter(ImportFiles::isImportable)
              .sorted()
              .forEach(p -> found.add(p.normalize()));
        }
      } else if (Files.isRegularFile(root)) {
        found.add(root.normalize());
      } else {
        throw new NoSuchFileException(root.toString());
      }
    }
    List<ImportFile> files = new ArrayList<>(found.size());
    for (Path path : found) {
      files.add(new ImportFile(path, phaseOf(path), Files.size(path)));
    }
    // A stable sort: explicit arguments keep their order within a phase.
    files.sort(Comparator.comparingInt(ImportFile::phase));
    return files;
  }

  static boolean isImportable(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".json") || name.endsWith(".ndjson");
  }

  static boolean isNdjson(Path path) {
    return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ndjson");
  }

  static int phaseOf(Path path) {
    String name = path.getFileName().toString();
    if (name.startsWith("hospitalInformation")) {
      return PHASE_HOSPITALS;
    }
    if (name.startsWith("practitionerInformation")) {
      return PHASE_PRACTITIONERS;
    }
    return PHASE_OTHERS;
  }
}
