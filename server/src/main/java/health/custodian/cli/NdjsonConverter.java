package health.custodian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns Synthea Bundles into one NDJSON file per resource type, the input of {@code $import}: each
 * resource keeps its id, and references by {@code urn:uuid:} fullUrl or by condition ({@code
 * Practitioner?identifier=system|value}) are rewritten to {@code Type/id}, as a transaction would.
 */
final class NdjsonConverter {

  private final ObjectMapper json;

  NdjsonConverter(ObjectMapper json) {
    this.json = json;
  }

  /** Converts the Bundles and returns the resources written per type. */
  Map<String, Long> convert(List<Path> bundles, Path out) throws IOException {
    Map<String, String> targets = new HashMap<>();
    for (Path file : bundles) {
      collectTargets(json.readTree(file.toFile()), targets);
    }
    Files.createDirectories(out);
    Map<String, BufferedWriter> writers = new TreeMap<>();
    Map<String, Long> counts = new TreeMap<>();
    try {
      for (Path file : bundles) {
        for (JsonNode entry : json.readTree(file.toFile()).path("entry")) {
          if (!(entry.path("resource") instanceof ObjectNode resource)) {
            continue;
          }
          String type = resource.path("resourceType").asText();
          rewrite(resource, targets);
          BufferedWriter w = writers.get(type);
          if (w == null) {
            w = Files.newBufferedWriter(out.resolve(type + ".ndjson"), StandardCharsets.UTF_8);
            writers.put(type, w);
          }
          w.write(json.writeValueAsString(resource));
          w.write('\n');
          counts.merge(type, 1L, Long::sum);
        }
      }
    } finally {
      for (BufferedWriter w : writers.values()) {
        w.close();
      }
    }
    return counts;
  }

  /**
   * Adds what references to the Bundle's entries may say, each mapped to {@code Type/id}: the
   * entry's fullUrl and, per identifier, the condition {@code Type?identifier=system|value}.
   */
  static void collectTargets(JsonNode bundle, Map<String, String> targets) {
    for (JsonNode entry : bundle.path("entry")) {
      JsonNode resource = entry.path("resource");
      String key = resource.path("resourceType").asText() + "/" + resource.path("id").asText();
      if (entry.hasNonNull("fullUrl")) {
        targets.put(entry.path("fullUrl").asText(), key);
      }
      for (JsonNode identifier : resource.path("identifier")) {
        targets.put(
            resource.path("resourceType").asText()
                + "?identifier="
                + identifier.path("system").asText()
                + "|"
                + identifier.path("value").asText(),
            key);
      }
    }
  }

  /** Rewrites every {@code reference} found in {@code targets} to its {@code Type/id}. */
  static void rewrite(JsonNode node, Map<String, String> targets) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode value = field.getValue();
        if (field.getKey().equals("reference") && value.isTextual()) {
          String target = targets.get(value.textValue());
          if (target != null) {
            field.setValue(object.textNode(target));
          }
        } else {
          rewrite(value, targets);
        }
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        rewrite(item, targets);
      }
    }
  }
}
