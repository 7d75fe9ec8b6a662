package health.custodian.records.internal.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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
}
