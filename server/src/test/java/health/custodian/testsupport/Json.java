package health.custodian.testsupport;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** JSON helpers for assertions. */
public final class Json {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private Json() {}

  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "not JSON: " + json.substring(0, Math.min(200, json.length())), e);
    }
  }

  /** A minimal valid Observation {@code id} of {@code Patient/patient}, for test set-up. */
  public static String observation(String id, String patient) {
    return "{\"resourceType\":\"Observation\",\"id\":\""
        + id
        + "\",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":"
        + "\"Patient/"
        + patient
        + "\"}}";
  }

  /** The stable code of an OperationOutcome's first issue ({@code details.coding[0].code}). */
  public static String issueCode(String body) {
    return parse(body)
        .path("issue")
        .path(0)
        .path("details")
        .path("coding")
        .path(0)
        .path("code")
        .asText();
  }
}
