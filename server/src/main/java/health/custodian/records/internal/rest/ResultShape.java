package health.custodian.records.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.storage.StoredVersion;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code _summary} and {@code _elements} (R4 search 3.1.1.5.9, 3.1.1.5.10): which parts of each
 * resource a search returns. The plain case changes nothing and the stored JSON is written as is;
 * only a real subset parses a resource, trims it and marks it SUBSETTED (R4 3.1.1.5.9: "the server
 * SHALL mark the resources with the tag SUBSETTED").
 */
final class ResultShape {

  enum Summary {
    FALSE,
    TRUE,
    TEXT,
    DATA,
    COUNT
  }

  private static final String SUBSETTED_SYSTEM =
      "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

  private final Summary summary;

  /** Element paths asked for by {@code _elements}, as a tree; null when not asked. */
  private final @Nullable Map<String, Object> elements;

  private ResultShape(Summary summary, @Nullable Map<String, Object> elements) {
    this.summary = summary;
    this.elements = elements;
  }

  static ResultShape of(Map<String, List<String>> params) {
    Summary summary = Summary.FALSE;
    List<String> s = params.get("_summary");
    if (s != null && !s.isEmpty()) {
      try {
        summary = Summary.valueOf(s.get(s.size() - 1).toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw FhirException.badRequest(
            "invalid-parameter", "_summary must be true, text, data, count or false", "_summary");
      }
    }
    Map<String, Object> tree = null;
    List<String> e = params.get("_elements");
    if (e != null) {
      tree = new LinkedHashMap<>();
      for (String repetition : e) {
        for (String path : repetition.split(",")) {
          if (!path.isBlank()) {
            add(tree, path.trim());
          }
        }
      }
    }
    return new ResultShape(summary, tree);
  }

  Summary summary() {
    return summary;
  }

  /** True when resources are written exactly as stored. */
  boolean plain() {
    return (summary == Summary.FALSE || summary == Summary.COUNT) && elements == null;
  }

  StoredVersion apply(StoredVersion v, SummaryElements facts) {
    String body = v.body();
    if (plain() || body == null) {
      return v;
    }
    ObjectNode resource = (ObjectNode) FhirJson.parse(body);
    SummaryElements.TypeFacts type = facts.of(v.resourceType());
    Iterator<Map.Entry<String, JsonNode>> fields = resource.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String name = stem(f.getKey(), type.choices());
      if (SummaryElements.ALWAYS.contains(name)) {
        continue;
      }
      if (!keepTopLevel(name, type)) {
        fields.remove();
      } else if (elements != null
          && elements.get(name) instanceof Map<?, ?> sub
          && !sub.isEmpty()) {
        trim(f.getValue(), sub);
      }
    }
    markSubsetted(resource);
    return new StoredVersion(
        v.pk(),
        v.resourceType(),
        v.id(),
        v.version(),
        v.lastUpdated(),
        v.method(),
        FhirJson.write(resource));
  }

  private boolean keepTopLevel(String name, SummaryElements.TypeFacts type) {
    boolean mandatory = type.mandatory().contains(name);
    boolean keep =
        switch (summary) {
          case TRUE -> type.summary().contains(name) || mandatory;
          case TEXT -> name.equals("text") || mandatory;
          case DATA -> !name.equals("text");
          case FALSE, COUNT -> true;
        };
    if (keep && elements != null) {
      // _elements: the listed elements and the mandatory ones (3.1.1.5.10).
      keep = elements.containsKey(name) || mandatory;
    }
    return keep;
  }

  /**
   * Nested paths ({@code name.family}) go beyond R4, which defines {@code _elements} for top-level
   * names only: each listed child is kept, the others of that element dropped.
   */
  private static void trim(JsonNode node, Map<?, ?> keep) {
    if (node instanceof ArrayNode array) {
      array.forEach(item -> trim(item, keep));
    } else if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        String name = f.getKey().startsWith("_") ? f.getKey().substring(1) : f.getKey();
        Object sub = keep.get(name);
        if (sub == null) {
          fields.remove();
        } else if (sub instanceof Map<?, ?> m && !m.isEmpty()) {
          trim(f.getValue(), m);
        }
      }
    }
  }

  private static void markSubsetted(ObjectNode resource) {
    ObjectNode meta = resource.get("meta") instanceof ObjectNode m ? m : resource.putObject("meta");
    ArrayNode tags = meta.get("tag") instanceof ArrayNode t ? t : meta.putArray("tag");
    tags.addObject().put("system", SUBSETTED_SYSTEM).put("code", "SUBSETTED");
  }

  /** The element name of a JSON key: {@code _x} is x's primitive extension, choices by stem. */
  private static String stem(String key, Set<String> choices) {
    String k = key.startsWith("_") ? key.substring(1) : key;
    for (String choice : choices) {
      if (k.length() > choice.length()
          && k.startsWith(choice)
          && Character.isUpperCase(k.charAt(choice.length()))) {
        return choice;
      }
    }
    return k;
  }

  @SuppressWarnings("unchecked")
  private static void add(Map<String, Object> tree, String path) {
    Map<String, Object> at = tree;
    List<String> parts = new ArrayList<>(List.of(path.split("\\.")));
    // A leading type name (Patient.name) is allowed and dropped.
    if (parts.size() > 1 && Character.isUpperCase(parts.get(0).charAt(0))) {
      parts.remove(0);
    }
    for (String p : parts) {
      at = (Map<String, Object>) at.computeIfAbsent(p, k -> new LinkedHashMap<String, Object>());
    }
  }
}
