package health.custodian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a JSON file can go through the {@code $import} engine, converted to NDJSON, or
 * must keep the transaction path. {@code $import} upserts each resource by its id and nothing else
 * (docs/bulk-data.md, "Import"), so a Bundle qualifies only when every entry means exactly that.
 */
final class BundleRoute {

  private BundleRoute() {}

  /**
   * Why the parsed file needs the transaction path, or null when the engine can load it. Checks the
   * Bundle's shape only; references are checked after conversion ({@link #unresolvedReference}).
   */
  static @Nullable String transactionOnly(JsonNode file) {
    if (!"Bundle".equals(file.path("resourceType").asText())) {
      return "a single resource";
    }
    String type = file.path("type").asText();
    // A batch qualifies too (Synthea writes its hospitals and practitioners as batches of
    // conditional creates): each of its entries succeeds or fails on its own (R4 http 3.1.0.11.1),
    // as each line of an $import does. Its entries are held to the same rules as a transaction's.
    if (!type.equals("transaction") && !type.equals("collection") && !type.equals("batch")) {
      return "a Bundle of type " + abbreviate(type);
    }
    int index = 0;
    for (JsonNode entry : file.path("entry")) {
      index++;
      String why = entryProblem(entry);
      if (why != null) {
        return "entry " + index + ": " + why;
      }
    }
    return null;
  }

  private static @Nullable String entryProblem(JsonNode entry) {
    JsonNode resource = entry.path("resource");
    String type = resource.path("resourceType").asText("");
    String id = resource.path("id").asText("");
    if (!resource.isObject() || type.isEmpty()) {
      return "no resource";
    }
    if (id.isBlank()) {
      // Without an id a transaction POST would assign one that urn:uuid references then name.
      return "a resource without an id";
    }
    JsonNode request = entry.path("request");
    if (request.isMissingNode()) {
      return null;
    }
    String method = request.path("method").asText("");
    if (request.hasNonNull("ifMatch")
        || request.hasNonNull("ifNoneMatch")
        || request.hasNonNull("ifModifiedSince")) {
      return "a conditional request header (If-Match, If-None-Match or If-Modified-Since)";
    }
    String url = request.path("url").asText("");
    return switch (method) {
      case "PUT" -> url.equals(type + "/" + id) ? null : "a conditional or other-id update";
      case "POST" -> postProblem(request, resource, type);
      default -> "a " + abbreviate(method) + " entry";
    };
  }

  /**
   * A create keeps its id once converted (Synthea's ids are UUIDs, unique by construction). A
   * conditional create ({@code ifNoneExist}, R4 http 3.1.0.8) qualifies only as Synthea writes it:
   * {@code identifier=system|value} naming one of the resource's own identifiers, so the same
   * resource imported again upserts the same id instead of creating a second one.
   */
  private static @Nullable String postProblem(JsonNode request, JsonNode resource, String type) {
    if (!request.path("url").asText("").equals(type)) {
      return "a create at another url";
    }
    if (!request.hasNonNull("ifNoneExist")) {
      return null;
    }
    String condition = request.path("ifNoneExist").asText("");
    for (JsonNode identifier : resource.path("identifier")) {
      String own =
          "identifier="
              + identifier.path("system").asText()
              + "|"
              + identifier.path("value").asText();
      if (own.equals(condition)) {
        return null;
      }
    }
    return "a conditional create on other criteria than its own identifier";
  }

  /**
   * The condition of an entry that {@link #transactionOnly} accepted, when it is a conditional
   * create: the resource's identifier its {@code ifNoneExist} names; null for any other entry.
   */
  static StoredMatches.@Nullable Condition conditionOf(JsonNode entry) {
    JsonNode request = entry.path("request");
    if (!"POST".equals(request.path("method").asText()) || !request.hasNonNull("ifNoneExist")) {
      return null;
    }
    String condition = request.path("ifNoneExist").asText("");
    JsonNode resource = entry.path("resource");
    for (JsonNode identifier : resource.path("identifier")) {
      String system = identifier.path("system").asText();
      String value = identifier.path("value").asText();
      if (condition.equals("identifier=" + system + "|" + value)) {
        return new StoredMatches.Condition(resource.path("resourceType").asText(), system, value);
      }
    }
    return null;
  }

  /**
   * After {@link NdjsonConverter#rewrite}: a reference still by {@code urn:} or by condition
   * ({@code Type?...}) named nothing in the converted Bundles, which only a transaction resolves.
   */
  static @Nullable String unresolvedReference(JsonNode node, Map<String, String> targets) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        JsonNode value = field.getValue();
        if (field.getKey().equals("reference") && value.isTextual()) {
          String text = value.textValue();
          if ((text.startsWith("urn:") || text.contains("?")) && !targets.containsKey(text)) {
            return "a reference the conversion cannot resolve";
          }
        } else {
          String why = unresolvedReference(value, targets);
          if (why != null) {
            return why;
          }
        }
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        String why = unresolvedReference(item, targets);
        if (why != null) {
          return why;
        }
      }
    }
    return null;
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
