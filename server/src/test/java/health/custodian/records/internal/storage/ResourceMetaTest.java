package health.custodian.records.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.internal.json.FhirJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A bulk load's spliced body is the very text that setting meta and serialising gives. */
class ResourceMetaTest {

  private static final String PREFIX = "{\"resourceType\":\"Patient\",\"id\":\"p1\"";

  private static void assertSpliceMatches(String line) {
    Instant at = Instant.parse("2026-11-26T20:00:00.120Z");
    ObjectNode tree = FhirJson.parseResource(line.getBytes(StandardCharsets.UTF_8));
    ResourceMeta.set(tree, "Patient", "p1", 3, at);
    String tail = line.substring(PREFIX.length());
    assertThat(ResourceMeta.splice("Patient", "p1", 3, at, tail))
        .isEqualTo(ResourceMeta.serialize(tree));
  }

  @Test
  void spliceGivesTheSerialisedText() {
    assertSpliceMatches(PREFIX + "}");
    assertSpliceMatches(PREFIX + ",\"gender\":\"female\"}");
    assertSpliceMatches(PREFIX + ",\"meta\":{},\"gender\":\"female\"}");
    assertSpliceMatches(PREFIX + ",\"meta\":{\"profile\":[\"http://x\"]}}");
    assertSpliceMatches(
        PREFIX
            + ",\"meta\":{\"profile\":[\"http://x\"],\"tag\":[{\"code\":\"t\"}]},"
            + "\"name\":[{\"family\":\"A\"}]}");
  }
}
