package health.custodian.records.internal.patch;

import static java.util.stream.Collectors.toMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import health.custodian.records.FhirException;
import health.custodian.records.internal.json.FhirJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the cases in {@code json-patch-cases.json}: every example of RFC 6902 Appendix A, FHIR-style
 * patches, and edge and error cases. A case has {@code doc}, a {@code patch} (or {@code patchText}
 * when the patch is not representable as a tree, as in A.13) and either {@code expected} or {@code
 * error} ({@code status}, {@code code}, optional {@code expression}).
 */
class JsonPatchTest {

  @TestFactory
  List<DynamicTest> cases() throws IOException {
    JsonNode cases;
    try (InputStream in = JsonPatchTest.class.getResourceAsStream("json-patch-cases.json")) {
      assertThat(in).as("test data").isNotNull();
      cases = FhirJson.parse(in.readAllBytes());
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode testCase : cases) {
      tests.add(DynamicTest.dynamicTest(testCase.get("name").asText(), () -> run(testCase)));
    }
    assertThat(tests.stream().filter(t -> t.getDisplayName().startsWith("RFC 6902 A.")))
        .hasSize(16);
    return tests;
  }

  private static void run(JsonNode testCase) {
    ObjectNode doc = (ObjectNode) testCase.get("doc");
    ObjectNode original = doc.deepCopy();
    JsonNode error = testCase.get("error");
    if (error == null) {
      ObjectNode result = patchOf(testCase).apply(doc);
      assertThat(canonical(result)).isEqualTo(canonical(testCase.get("expected")));
    } else {
      FhirException thrown =
          catchThrowableOfType(FhirException.class, () -> patchOf(testCase).apply(doc));
      assertThat(thrown).as("expected a FhirException").isNotNull();
      assertThat(thrown.status()).isEqualTo(error.get("status").asInt());
      assertThat(thrown.code()).isEqualTo(error.get("code").asText());
      assertThat(thrown.getMessage()).isNotBlank();
      if (error.has("expression")) {
        assertThat(thrown.expressions()).containsExactly(error.get("expression").asText());
      }
    }
    assertThat(doc).as("the input is never modified").isEqualTo(original);
  }

  /**
   * Text with object members sorted: member order is not significant in JSON, but decimal text is
   * (Jackson's own node equality compares decimals numerically, so 2.5 would equal 2.50).
   */
  private static String canonical(JsonNode node) {
    if (node.isObject()) {
      ObjectNode sorted = FhirJson.nodes().objectNode();
      new TreeMap<>(
              node.properties().stream().collect(toMap(Map.Entry::getKey, Map.Entry::getValue)))
          .forEach((name, value) -> sorted.putRawValue(name, new RawValue(canonical(value))));
      return FhirJson.write(sorted);
    }
    if (node.isArray()) {
      ArrayNode array = FhirJson.nodes().arrayNode();
      node.forEach(element -> array.addRawValue(new RawValue(canonical(element))));
      return FhirJson.write(array);
    }
    return FhirJson.write(node);
  }

  private static JsonPatch patchOf(JsonNode testCase) {
    JsonNode text = testCase.get("patchText");
    return JsonPatch.parse(text != null ? FhirJson.parse(text.asText()) : testCase.get("patch"));
  }

  @Test
  void aPatchCanBeAppliedRepeatedlyAndNeverSharesNodesWithItsResults() {
    ArrayNode document =
        (ArrayNode) FhirJson.parse("[{\"op\": \"add\", \"path\": \"/name\", \"value\": [{}]}]");
    JsonPatch patch = JsonPatch.parse(document);
    // Changing the source document after parsing must not change the patch.
    ((ObjectNode) document.get(0)).put("path", "/other");

    ObjectNode first = patch.apply(FhirJson.nodes().objectNode());
    ((ObjectNode) first.get("name").get(0)).put("family", "Changed");
    ObjectNode second = patch.apply(FhirJson.nodes().objectNode());

    assertThat(FhirJson.write(second)).isEqualTo("{\"name\":[{}]}");
  }

  @Test
  void errorMessagesNameThePointerButNotTheValues() {
    ObjectNode patient =
        (ObjectNode) FhirJson.parse("{\"resourceType\":\"Patient\",\"birthDate\":\"1970-01-01\"}");
    JsonPatch patch =
        JsonPatch.parse(
            FhirJson.parse("[{\"op\":\"test\",\"path\":\"/birthDate\",\"value\":\"1980-05-05\"}]"));

    assertThatThrownBy(() -> patch.apply(patient))
        .isInstanceOf(FhirException.class)
        .hasMessageContaining("/birthDate")
        .hasMessageNotContaining("1970")
        .hasMessageNotContaining("1980");
  }

  @Test
  void canonicalComparisonIsScaleSensitiveButOrderInsensitive() {
    assertThat(canonical(FhirJson.parse("{\"a\":2.50,\"b\":[1]}")))
        .isEqualTo(canonical(FhirJson.parse("{\"b\":[1],\"a\":2.50}")))
        .isNotEqualTo(canonical(FhirJson.parse("{\"b\":[1],\"a\":2.5}")));
  }

  @Test
  void pointerParsingFollowsRfc6901() {
    assertThat(JsonPointer.parse("").tokens()).isEmpty();
    assertThat(JsonPointer.parse("/").tokens()).containsExactly("");
    assertThat(JsonPointer.parse("/a~1b/m~0n/~01").tokens()).containsExactly("a/b", "m~n", "~1");
    assertThat(JsonPointer.parse("/a~1b/m~0n").toString()).isEqualTo("/a~1b/m~0n");
    assertThat(JsonPointer.arrayIndex("0")).isZero();
    assertThat(JsonPointer.arrayIndex("12")).isEqualTo(12);
    assertThat(JsonPointer.arrayIndex("01")).isNegative();
    assertThat(JsonPointer.arrayIndex("-")).isNegative();
    assertThat(JsonPointer.arrayIndex("1e2")).isNegative();
    assertThat(JsonPointer.arrayIndex("99999999999")).isNegative();
  }
}
