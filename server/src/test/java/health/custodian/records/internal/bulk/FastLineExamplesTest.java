package health.custodian.records.internal.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.testsupport.SharedData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link FastLine} against the tree path over the official R4 examples (bundles, contained
 * resources, shadow elements, extensions of every kind), each as an import line: as published
 * (indented, never canonical) and compact with {@code resourceType}, {@code id} and {@code meta}
 * first, as the store writes lines.
 */
@Tag("shared-data")
class FastLineExamplesTest {

  @Test
  void officialExamplesGiveTheTreePathsFactsOrNone() {
    List<String> wrong = new ArrayList<>();
    int examples = 0;
    int fast = 0;
    for (Map.Entry<String, byte[]> example : SharedData.officialExamples().entrySet()) {
      JsonNode parsed;
      try {
        parsed = FhirJson.parse(example.getValue());
      } catch (FhirException e) {
        continue;
      }
      if (!(parsed instanceof ObjectNode resource) || !resource.path("resourceType").isTextual()) {
        continue;
      }
      examples++;
      String type = resource.get("resourceType").textValue();
      for (byte[] line : List.of(example.getValue(), canonical(resource))) {
        FastLineDiff.Outcome streamed = FastLineDiff.fast(type, line);
        if (streamed == null) {
          continue;
        }
        fast++;
        FastLineDiff.Outcome tree = FastLineDiff.tree(type, line);
        if (!streamed.equals(tree)) {
          wrong.add(example.getKey() + ": fast " + streamed + ", tree " + tree);
        }
      }
    }
    System.out.printf("%d examples, %d lines on the fast path%n", examples, fast);
    assertThat(examples).isGreaterThan(5000);
    assertThat(wrong).isEmpty();
    // Most examples are valid and plain enough to take the fast path in their compact form.
    assertThat(fast).isGreaterThan(examples / 2);
  }

  /** resourceType, id, meta, then the rest in the example's order; compact. */
  private static byte[] canonical(ObjectNode resource) {
    ObjectNode line = FhirJson.nodes().objectNode();
    for (String first : new String[] {"resourceType", "id", "meta"}) {
      if (resource.has(first)) {
        line.set(first, resource.get(first));
      }
    }
    resource.properties().forEach(e -> line.set(e.getKey(), e.getValue()));
    return FhirJson.write(line).getBytes(StandardCharsets.UTF_8);
  }
}
