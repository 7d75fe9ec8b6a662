package health.custodian.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportFilesTest {

  @TempDir Path dir;

  @Test
  void walksDirectoriesSortedWithSyntheaReferenceDataFirst() throws IOException {
    touch("b/Zoe_1.json");
    touch("a/Adam_2.json");
    touch("practitionerInformation123.json");
    touch("hospitalInformation123.json");
    touch("a/observations.ndjson");
    touch("a/readme.txt");

    List<ImportFile> files = ImportFiles.discover(List.of(dir));

    assertThat(files)
        .extracting(f -> dir.relativize(f.path()).toString())
        .containsExactly(
            "hospitalInformation123.json",
            "practitionerInformation123.json",
            "a/Adam_2.json",
            "a/observations.ndjson",
            "b/Zoe_1.json");
    assertThat(files)
        .extracting(ImportFile::phase)
        .containsExactly(
            ImportFiles.PHASE_HOSPITALS,
            ImportFiles.PHASE_PRACTITIONERS,
            ImportFiles.PHASE_OTHERS,
            ImportFiles.PHASE_OTHERS,
            ImportFiles.PHASE_OTHERS);
  }

  @Test
  void explicitFilesAreTakenAsGivenAndOnlyOnce() throws IOException {
    Path second = touch("second.data");
    Path first = touch("first.json");

    List<ImportFile> files = ImportFiles.discover(List.of(second, first, dir));

    assertThat(files).extracting(ImportFile::path).containsExactly(second, first);
    assertThat(files.get(0).size()).isEqualTo(2);
  }

  @Test
  void aMissingPathIsAnError() {
    assertThatThrownBy(() -> ImportFiles.discover(List.of(dir.resolve("nope"))))
        .isInstanceOf(NoSuchFileException.class);
  }

  private Path touch(String name) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, "{}");
  }
}
