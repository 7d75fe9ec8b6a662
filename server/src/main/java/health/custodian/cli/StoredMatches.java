package health.custodian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which stored resources the conditional creates of converted Bundles match ({@code ifNoneExist} on
 * one of the resource's own identifiers, R4 http 3.1.0.8), asked of the server with its own search,
 * as the importing caller: resources that caller may not see are never matched, as on the
 * transaction path.
 */
@FunctionalInterface
interface StoredMatches {

  /** For a store known to hold none of them (and the tests of the staging alone). */
  StoredMatches NONE = conditions -> Map.of();

  /** Conditions asked in one search: a form body of a few tens of kB. */
  int CHUNK = 200;

  /**
   * The ids of the stored resources each condition matches; conditions matching nothing may be left
   * out.
   */
  Map<Condition, List<String>> find(Collection<Condition> conditions)
      throws IOException, InterruptedException;

  /**
   * A conditional create's condition {@code Type?identifier=system|value}.
   *
   * @param system the identifier's system, empty when it has none ({@code |value} then searches
   *     identifiers without a system, R4 search 3.1.1.4.7)
   */
  record Condition(String type, String system, String value) {

    /** What a conditional reference to the resource says. */
    String reference() {
      return type + "?identifier=" + system + "|" + value;
    }
  }

  /**
   * Asks the server: per type, {@code POST [type]/_search} with the conditions' values ORed in one
   * {@code identifier} parameter (R4 search 3.1.1.5 "Combining", values escaped per 3.1.1.5.7),
   * only the identifiers returned, following {@code next} links; each match is assigned to the
   * conditions its identifiers equal.
   */
  static StoredMatches over(FhirClient client) {
    return conditions -> {
      Map<String, List<Condition>> byType = new LinkedHashMap<>();
      for (Condition c : new HashSet<>(conditions)) {
        byType.computeIfAbsent(c.type(), t -> new ArrayList<>()).add(c);
      }
      Map<Condition, List<String>> out = new HashMap<>();
      for (Map.Entry<String, List<Condition>> type : byType.entrySet()) {
        List<Condition> all = type.getValue();
        for (int from = 0; from < all.size(); from += CHUNK) {
          List<Condition> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
          Set<Condition> asked = new HashSet<>(chunk);
          JsonNode page = client.search(type.getKey(), form(chunk));
          while (page != null) {
            collect(type.getKey(), page, asked, out);
            page = client.next(page);
          }
        }
      }
      return out;
    };
  }

  private static String form(List<Condition> chunk) {
    StringBuilder values = new StringBuilder();
    for (Condition c : chunk) {
      if (!values.isEmpty()) {
        values.append(',');
      }
      values.append(escape(c.system())).append('|').append(escape(c.value()));
    }
    return "identifier="
        + URLEncoder.encode(values.toString(), StandardCharsets.UTF_8)
        + "&_elements=identifier&_count=1000";
  }

  /** R4 search 3.1.1.5.7: {@code \}, {@code ,}, {@code $} and {@code |} in a value. */
  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace(",", "\\,").replace("$", "\\$").replace("|", "\\|");
  }

  private static void collect(
      String type, JsonNode page, Set<Condition> asked, Map<Condition, List<String>> out) {
    for (JsonNode entry : page.path("entry")) {
      JsonNode resource = entry.path("resource");
      if (!type.equals(resource.path("resourceType").asText())) {
        continue;
      }
      String id = resource.path("id").asText();
      Set<Condition> seen = new HashSet<>();
      for (JsonNode identifier : resource.path("identifier")) {
        Condition c =
            new Condition(
                type, identifier.path("system").asText(""), identifier.path("value").asText(""));
        if (asked.contains(c) && seen.add(c)) {
          out.computeIfAbsent(c, k -> new ArrayList<>()).add(id);
        }
      }
    }
  }
}
