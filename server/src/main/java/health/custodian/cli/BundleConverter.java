package health.custodian.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the FHIR requests for resources that do not come as a transaction already. */
final class BundleConverter {

  private final ObjectMapper json;

  BundleConverter(ObjectMapper json) {
    this.json = json;
  }

  /**
   * A collection (or search result) as a transaction: every entry keeps its fullUrl, so references
   * between entries still resolve, and resources with an id are PUT so that the id is kept.
   */
  ObjectNode toTransaction(JsonNode bundle) {
    ObjectNode transaction = json.createObjectNode();
    transaction.put("resourceType", "Bundle");
    transaction.put("type", "transaction");
    ArrayNode entries = transaction.putArray("entry");
    for (JsonNode entry : bundle.path("entry")) {
      JsonNode resource = entry.get("resource");
      if (resource == null || !resource.isObject()) {
        continue;
      }
      ObjectNode converted = entries.addObject();
      if (entry.hasNonNull("fullUrl")) {
        converted.set("fullUrl", entry.get("fullUrl"));
      }
      converted.set("resource", resource);
      converted.set("request", requestFor(resource));
    }
    return transaction;
  }

  /** A single resource: PUT to keep its id, POST when it has none. */
  ImportRequest single(JsonNode resource, byte[] body, Path file, String location) {
    String type = resource.get("resourceType").asText();
    String id = idOf(resource);
    return id == null
        ? new ImportRequest("POST", type, body, file, location, 1, List.of())
        : new ImportRequest("PUT", type + "/" + id, body, file, location, 1, List.of());
  }

  /**
   * NDJSON lines as one transaction; should it fail, each line is retried on its own so that one
   * bad line only rejects itself.
   */
  ImportRequest ndjsonTransaction(Path file, List<NdjsonLine> lines)
      throws JsonProcessingException {
    ObjectNode transaction = json.createObjectNode();
    transaction.put("resourceType", "Bundle");
    transaction.put("type", "transaction");
    ArrayNode entries = transaction.putArray("entry");
    List<ImportRequest> oneByOne = new ArrayList<>(lines.size());
    for (NdjsonLine line : lines) {
      ObjectNode entry = entries.addObject();
      entry.set("resource", line.resource());
      entry.set("request", requestFor(line.resource()));
      oneByOne.add(
          single(
              line.resource(),
              json.writeValueAsBytes(line.resource()),
              file,
              "line " + line.number()));
    }
    int first = lines.get(0).number();
    int last = lines.get(lines.size() - 1).number();
    String location = first == last ? "line " + first : "lines " + first + "-" + last;
    return new ImportRequest(
        "POST", "", json.writeValueAsBytes(transaction), file, location, lines.size(), oneByOne);
  }

  private ObjectNode requestFor(JsonNode resource) {
    String type = resource.path("resourceType").asText();
    String id = idOf(resource);
    ObjectNode request = json.createObjectNode();
    if (id == null) {
      request.put("method", "POST").put("url", type);
    } else {
      request.put("method", "PUT").put("url", type + "/" + id);
    }
    return request;
  }

  private static @org.jspecify.annotations.Nullable String idOf(JsonNode resource) {
    JsonNode id = resource.get("id");
    return id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
  }
}
