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

  /**
   * Official examples that break the base specification, each checked by hand against the R4
   * StructureDefinitions.
   */
  private static final Map<String, String> KNOWN_INVALID =
      Map.ofEntries(
          Map.entry("ImplementationGuide-fhir.json", "no name and no status (both 1..1)"),
          Map.entry("ig-r4.json", "no name and no status (both 1..1)"),
          Map.entry("Questionnaire-qs1.json", "nested display items without linkId (1..1)"),
          searchParameterWithoutBase("codesystem-extensions-CodeSystem-author"),
          searchParameterWithoutBase("codesystem-extensions-CodeSystem-effective"),
          searchParameterWithoutBase("codesystem-extensions-CodeSystem-end"),
          searchParameterWithoutBase("codesystem-extensions-CodeSystem-keyword"),
          searchParameterWithoutBase("codesystem-extensions-CodeSystem-workflow"),
          searchParameterWithoutBase("valueset-extensions-ValueSet-author"),
          searchParameterWithoutBase("valueset-extensions-ValueSet-effective"),
          searchParameterWithoutBase("valueset-extensions-ValueSet-end"),
          searchParameterWithoutBase("valueset-extensions-ValueSet-keyword"),
          searchParameterWithoutBase("valueset-extensions-ValueSet-workflow"),
          Map.entry(
              "SearchParameter-questionnaireresponse-extensions-QuestionnaireResponse-item-subject.json",
              "id longer than 64 characters"));

  private final ObjectMapper mapper = new ObjectMapper();

  private static Map.Entry<String, String> searchParameterWithoutBase(String id) {
    return Map.entry("SearchParameter-" + id + ".json", "no base (1..*)");
  }

  @Test
  void officialExamplesHaveNoErrors() throws Exception {
    Map<String, String> examples = ExampleArchive.read();
    assertThat(examples).hasSizeGreaterThan(5000);
    Map<String, String> failures = new TreeMap<>();
    int checked = 0;
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
      checked++;
    }
    assertThat(checked).isGreaterThan(5000);
    assertThat(failures.keySet())
        .as("examples with errors: %s", failures)
        .containsExactlyInAnyOrderElementsOf(KNOWN_INVALID.keySet());
  }
}
