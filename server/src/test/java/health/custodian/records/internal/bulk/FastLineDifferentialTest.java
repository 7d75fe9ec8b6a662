package health.custodian.records.internal.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import health.custodian.records.internal.json.FhirJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The streaming check of import lines ({@link FastLine}) against the tree path, line by line: the
 * fast path may say "don't know" (null), but when it answers, the tree path must accept the line
 * without any validation issue and find the same id, reference keys and canonical tail.
 */
class FastLineDifferentialTest {

  private static final String[] FIXTURES = {
    "hospitals.json.gz", "practitioners.json.gz", "patient-2031-entries.json.gz"
  };

  @Test
  void syntheaLinesTakeTheFastPathWithTheTreePathsFacts() {
    List<ObjectNode> resources = synthea();
    assertThat(resources).hasSizeGreaterThan(2000);
    Map<String, Integer> fallbacks = new TreeMap<>();
    int fast = 0;
    for (ObjectNode resource : resources) {
      String type = resource.get("resourceType").textValue();
      byte[] line = FhirJson.write(resource).getBytes(StandardCharsets.UTF_8);
      FastLineDiff.Outcome tree = FastLineDiff.tree(type, line);
      FastLineDiff.Outcome streamed = FastLineDiff.fast(type, line);
      assertThat(tree).as("the fixture's %s is valid", type).isNotNull();
      if (streamed == null) {
        fallbacks.merge(type, 1, Integer::sum);
      } else {
        assertThat(streamed).isEqualTo(tree);
        fast++;
      }
    }
    // Only Consent needs its tree; Synthea's lines have none of what the fast path leaves.
    assertThat(fallbacks).as("lines left to the tree").isEmpty();
    assertThat(fast).isEqualTo(resources.size());
  }

  @Test
  void mutatedLinesAreNeverValidOnTheFastPathWhenTheTreePathRejectsThem() {
    Map<String, int[]> kinds = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    Map<String, Integer> perType = new TreeMap<>();
    for (ObjectNode resource : synthea()) {
      String type = resource.get("resourceType").textValue();
      // Four resources of each type: a resource's mutations number in the thousands.
      if (FhirJson.write(resource).length() > 20_000 || perType.merge(type, 1, Integer::sum) > 4) {
        continue;
      }
      LineMutations.of(
          resource,
          m -> {
            FastLineDiff.Outcome tree = FastLineDiff.tree(type, m.line());
            FastLineDiff.Outcome streamed = FastLineDiff.fast(type, m.line());
            int[] counts = kinds.computeIfAbsent(m.kind(), k -> new int[3]);
            counts[0]++;
            if (tree == null) {
              counts[1]++;
            }
            if (streamed != null) {
              counts[2]++;
              if (!streamed.equals(tree) && wrong.size() < 10) {
                wrong.add(
                    m.kind()
                        + ": "
                        + abbreviate(new String(m.line(), StandardCharsets.UTF_8))
                        + " fast "
                        + streamed
                        + " tree "
                        + tree);
              }
            }
          });
    }
    assertThat(kinds.get("pretty")[2]).as("indented lines on the fast path").isZero();
    assertThat(wrong).as("fast path answers that differ from the tree path's").isEmpty();
    // Every kind of mutation was made, and each kind has lines the tree path rejects.
    assertThat(kinds.keySet())
        .contains(
            "drop element",
            "wrong type",
            "unknown element",
            "two choice types",
            "empty array",
            "empty object",
            "bad code",
            "bad date",
            "bad number",
            "bad format",
            "array for single",
            "single for array",
            "null",
            "null item",
            "duplicate key",
            "invalid utf-8");
    kinds.forEach(
        (kind, counts) ->
            System.out.printf(
                "%-24s %6d lines, %6d rejected by the tree, %6d valid on the fast path%n",
                kind, counts[0], counts[1], counts[2]));
    kinds.remove("pretty"); // valid, but never canonical: asserted below
    kinds.forEach((kind, counts) -> assertThat(counts[1]).as("%s rejected", kind).isPositive());
  }

  @Test
  void localReferencesAreCollectedInDocumentOrder() {
    int checked = 0;
    for (ObjectNode resource : synthea()) {
      String type = resource.get("resourceType").textValue();
      byte[] line = FhirJson.write(resource).getBytes(StandardCharsets.UTF_8);
      FastLineDiff.Outcome tree = FastLineDiff.tree(type, line);
      if (tree != null && tree.keys().size() > 2) {
        assertThat(FastLineDiff.fast(type, line)).isEqualTo(tree);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(100);
  }

  private static String abbreviate(String line) {
    return line.length() > 3000 ? line.substring(0, 3000) + "..." : line;
  }

  /** Synthea's urn:uuid references as the Type/id references of its NDJSON export. */
  private static void rewriteReferences(JsonNode node) {
    if (node instanceof ObjectNode object) {
      JsonNode ref = object.get("reference");
      if (ref != null && ref.isTextual() && ref.textValue().startsWith("urn:uuid:")) {
        object.set("reference", TextNode.valueOf("Patient/" + ref.textValue().substring(9)));
      }
    }
    node.forEach(FastLineDifferentialTest::rewriteReferences);
  }

  static List<ObjectNode> synthea() {
    List<ObjectNode> resources = new ArrayList<>();
    for (String name : FIXTURES) {
      JsonNode bundle = FhirJson.parse(fixture(name));
      for (JsonNode entry : bundle.path("entry")) {
        ObjectNode resource = (ObjectNode) entry.get("resource");
        rewriteReferences(resource);
        resources.add(resource);
      }
    }
    return resources;
  }

  private static byte[] fixture(String name) {
    try (InputStream in =
        new GZIPInputStream(
            FastLineDifferentialTest.class.getResourceAsStream("/fixtures/synthea/" + name))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
