package health.custodian.records.internal.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first pass of an import: top-level ids, by the fast path or the parser, and duplicates. */
class ImportIdsTest {

  private static String id(String type, String line) {
    return ImportIds.topLevelId(type, line.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void topLevelIdInEveryShape() {
    assertThat(id("Patient", "{\"resourceType\":\"Patient\",\"id\":\"p-1.a\",\"x\":1}"))
        .isEqualTo("p-1.a");
    // Other key orders, whitespace and escapes go through the parser.
    assertThat(id("Patient", "{ \"id\" : \"p2\", \"resourceType\":\"Patient\"}")).isEqualTo("p2");
    assertThat(id("Patient", "{\"resourceType\":\"Patient\",\"id\":\"p\\u0033\"}")).isEqualTo("p3");
    assertThat(
            id("Patient", "{\"resourceType\":\"Patient\",\"meta\":{\"id\":\"m\"},\"id\":\"p4\"}"))
        .isEqualTo("p4");
    // A nested id is not the resource's.
    assertThat(id("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"id\":\"n\"}]}")).isNull();
    assertThat(id("Patient", "{\"resourceType\":\"Patient\",\"id\":12}")).isNull();
    assertThat(id("Patient", "not json")).isNull();
    // The fast path needs the input's type; another type still has its id read.
    assertThat(id("Observation", "{\"resourceType\":\"Patient\",\"id\":\"p5\"}")).isEqualTo("p5");
  }

  @Test
  void laterOccurrencesNameTheFirst() {
    ImportIds ids = new ImportIds();
    ids.see("Patient/a");
    ids.see("Patient/b");
    ids.see("Patient/a");
    ids.see("Patient/a");
    assertThat(ids.keys().size()).isEqualTo(2);
    assertThat(ids.earlierOccurrence("Patient/a", "in.ndjson", 1)).isNull();
    assertThat(ids.earlierOccurrence("Patient/b", "in.ndjson", 2)).isNull();
    assertThat(ids.earlierOccurrence("Patient/a", "in.ndjson", 3)).isEqualTo("in.ndjson line 1");
    assertThat(ids.earlierOccurrence("Patient/a", "in.ndjson", 4)).isEqualTo("in.ndjson line 1");
  }

  /**
   * Inputs are scanned by two threads, largest first: the keys and the duplicated keys must be
   * those of one scan in input order, wherever the duplicates are (one input, or two of different
   * sizes, scanned by different threads).
   */
  @Test
  void theParallelScanFindsEveryDuplicate(@TempDir Path dir) throws IOException {
    List<ImportRequest.Input> inputs = new ArrayList<>();
    for (int f = 0; f < 5; f++) {
      StringBuilder lines = new StringBuilder();
      // files of different sizes, so that the scan order differs from the input order
      for (int i = 0; i < 5000 * (f + 1); i++) {
        lines.append("{\"resourceType\":\"Patient\",\"id\":\"f").append(f).append('-');
        lines.append(i).append("\"}\n");
      }
      // a duplicate inside this input, and one of an id of the previous input
      lines.append("{\"resourceType\":\"Patient\",\"id\":\"f").append(f).append("-7\"}\n");
      if (f > 0) {
        lines.append("{\"id\":\"f").append(f - 1).append("-3\",\"resourceType\":\"Patient\"}\n");
      }
      Path file = Files.writeString(dir.resolve("in" + f + ".ndjson"), lines);
      inputs.add(new ImportRequest.Input("Patient", "in" + f, file.toString()));
    }
    ImportIds ids =
        ImportIds.scan(
            new ImportRequest(inputs),
            new JobControl() {
              @Override
              public boolean cancelled() {
                return false;
              }

              @Override
              public void progress(String text) {}
            },
            1024);
    assertThat(ids.keys().size()).isEqualTo(5000 * (1 + 2 + 3 + 4 + 5));
    for (int f = 0; f < 5; f++) {
      assertThat(ids.earlierOccurrence("Patient/f" + f + "-7", "in" + f, 8)).isNull();
      assertThat(ids.earlierOccurrence("Patient/f" + f + "-7", "in" + f, 99))
          .isEqualTo("in" + f + " line 8");
      assertThat(ids.earlierOccurrence("Patient/f" + f + "-8", "in" + f, 9)).isNull();
      assertThat(ids.earlierOccurrence("Patient/f" + f + "-8", "in" + f, 100)).isNull();
    }
    assertThat(ids.earlierOccurrence("Patient/f0-3", "in0", 4)).isNull();
    assertThat(ids.earlierOccurrence("Patient/f0-3", "in1", 5002)).isEqualTo("in0 line 4");
  }
}
