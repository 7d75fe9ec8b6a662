package health.custodian.records.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every official R4 example must pass, except the few listed here that are genuinely invalid
 * against the base specification.
 */
@Tag("shared-data")
class StructuralValidatorExamplesTest {

  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void officialExamplesHaveNoErrors() throws Exception {
    Map<String, String> examples = ExampleArchive.read();
    assertThat(examples).hasSizeGreaterThan(5000);
    Map<String, String> failures = new TreeMap<>();
    for (Map.Entry<String, String> example : examples.entrySet()) {
      var node = mapper.readTree(example.getValue());
      if (!(node instanceof ObjectNode resource) || !resource.has("resourceType")) {
        continue;
      }
      var errors =
          SharedModel.VALIDATOR.validate(resource).stream()
              .filter(i -> i.severity().blocking())
              .map(i -> i.expression() + ": " + i.message())
              .toList();
      if (!errors.isEmpty()) {
        failures.put(example.getKey(), String.join(" | ", errors));
      }
    }
    failures.forEach((k, v) -> System.out.println("INVALID " + k + " -> " + v));
    assertThat(failures).isEmpty();
  }
}
