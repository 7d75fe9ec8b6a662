package health.custodian.records.internal.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.records.FhirException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Kick-off parameters from the query string and, for POST, a Parameters resource (IG v2.0.0: the
 * POST form carries the same parameters as {@code parameter} entries).
 */
final class KickOffParameters {

  private KickOffParameters() {}

  /** Query parameters and body parameters merged: name to values, in order. */
  static Map<String, List<String>> merge(Map<String, List<String>> query, @Nullable JsonNode body) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    query.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    if (body == null) {
      return out;
    }
    if (!"Parameters".equals(body.path("resourceType").asText())) {
      throw FhirException.badRequest(
          "invalid-parameters", "A kick-off body must be a Parameters resource", "resourceType");
    }
    for (JsonNode p : body.path("parameter")) {
      String name = p.path("name").asText();
      String value = value(p);
      if (!name.isEmpty() && value != null) {
        out.computeIfAbsent(name, x -> new ArrayList<>()).add(value);
      }
    }
    return out;
  }

  /** The primitive value of a parameter, or a Reference's reference. */
  static @Nullable String value(JsonNode parameter) {
    var fields = parameter.fields();
    while (fields.hasNext()) {
      var e = fields.next();
      if (!e.getKey().startsWith("value")) {
        continue;
      }
      JsonNode v = e.getValue();
      if (v.isValueNode()) {
        return v.asText();
      }
      if (v.has("reference")) {
        return v.path("reference").asText();
      }
    }
    return null;
  }

  /** Comma-separated values of repeated parameters, flattened. */
  static List<String> list(Map<String, List<String>> params, String name) {
    List<String> out = new ArrayList<>();
    for (String v : params.getOrDefault(name, List.of())) {
      for (String part : v.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }

  static @Nullable String single(Map<String, List<String>> params, String name) {
    List<String> values = params.getOrDefault(name, List.of());
    if (values.size() > 1) {
      throw FhirException.badRequest("invalid-parameter", name + " may be given only once", name);
    }
    return values.isEmpty() ? null : values.get(0);
  }
}
