package health.custodian.records.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import java.io.IOException;

/**
 * FHIR JSON (R4 2.6.2) on Jackson trees: decimals kept exactly ({@code 1.50} stays {@code 1.50}),
 * duplicate keys and trailing content rejected.
 */
public final class FhirJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private FhirJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Parses a request body that must hold one JSON object. */
  public static ObjectNode parseResource(byte[] body) {
    JsonNode node = parse(body);
    if (!node.isObject()) {
      throw FhirException.badRequest(
          "invalid-json", "The body must be a JSON object (a FHIR resource)", null);
    }
    return (ObjectNode) node;
  }

  public static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw FhirException.badRequest("invalid-json", "The request body is empty", null);
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw FhirException.badRequest("invalid-json", "The request body is empty", null);
      }
      return node;
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw FhirException.badRequest(
          "invalid-json", "Malformed JSON" + where + ": " + e.getOriginalMessage(), null);
    } catch (IOException e) {
      throw FhirException.badRequest("invalid-json", "Unreadable JSON body", null);
    }
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  public static String writePretty(JsonNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }
}
