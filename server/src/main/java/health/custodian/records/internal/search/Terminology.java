package health.custodian.records.internal.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.custodian.records.FhirException;
import health.custodian.records.internal.validation.CoreValueSets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The value sets and code systems the server holds, for the token modifiers {@code :in}, {@code
 * :not-in}, {@code :above} and {@code :below} (R4 search 3.1.1.5.x). ValueSets are expanded from
 * {@code expansion.contains} when present, else from {@code compose}: enumerated concepts, whole
 * systems, included value sets, and {@code is-a}/{@code descendent-of} filters on a stored
 * CodeSystem's {@code concept} hierarchy; value sets not held fall back to HAPI's core R4 value
 * sets. Anything else (other filters) is refused, never guessed.
 */
final class Terminology {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_NESTING = 5;

  private final JdbcTemplate jdbc;
  private final SearchParameterRegistry registry;
  private final SearchParamIds ids;
  private final CoreValueSets coreValueSets = new CoreValueSets();

  Terminology(JdbcTemplate jdbc, SearchParameterRegistry registry, SearchParamIds ids) {
    this.jdbc = jdbc;
    this.registry = registry;
    this.ids = ids;
  }

  /** A set of codes: explicit (system, code) pairs, parallel lists, and systems included whole. */
  record Codes(List<String> systemsOfCodes, List<String> codes, List<String> wholeSystems) {}

  /** Expands the ValueSet with this canonical url ({@code |version} ignored); 400 if unknown. */
  Codes expand(String url) {
    Set<List<String>> pairs = new LinkedHashSet<>();
    Set<String> whole = new LinkedHashSet<>();
    expandInto(url, pairs, whole, 0);
    List<String> systems = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    for (List<String> p : pairs) {
      systems.add(p.get(0));
      codes.add(p.get(1));
    }
    return new Codes(systems, codes, List.copyOf(whole));
  }

  private void expandInto(String url, Set<List<String>> pairs, Set<String> whole, int depth) {
    if (depth > MAX_NESTING) {
      throw unsupported("value set " + url + " nests too deeply");
    }
    JsonNode vs = load("ValueSet", url);
    if (vs == null) {
      Map<String, Set<String>> core = coreValueSets.expand(url);
      if (core == null) {
        throw FhirException.badRequest(
            "unknown-value-set",
            "Value set " + url + " is not known to this server (or not expandable)",
            url);
      }
      core.forEach((system, codes) -> codes.forEach(c -> pairs.add(List.of(system, c))));
      return;
    }
    JsonNode contains = vs.path("expansion").path("contains");
    if (contains.isArray() && !contains.isEmpty()) {
      addContains(contains, pairs);
      return;
    }
    for (JsonNode include : vs.path("compose").path("include")) {
      include(include, pairs, whole, depth);
    }
    for (JsonNode exclude : vs.path("compose").path("exclude")) {
      String system = exclude.path("system").asText("");
      if (!exclude.path("concept").isArray() || exclude.has("filter")) {
        throw unsupported("value set " + url + " excludes more than enumerated concepts");
      }
      for (JsonNode c : exclude.path("concept")) {
        pairs.remove(List.of(system, c.path("code").asText()));
      }
    }
  }

  private void include(JsonNode include, Set<List<String>> pairs, Set<String> whole, int depth) {
    String system = include.path("system").asText("");
    for (JsonNode nested : include.path("valueSet")) {
      // An include of value sets intersects them with the rest; the union is the common case
      // (one value set, no system) and the only one supported.
      if (!system.isEmpty()) {
        throw unsupported("value set includes that combine a system and value sets");
      }
      expandInto(nested.asText(), pairs, whole, depth + 1);
    }
    if (system.isEmpty()) {
      return;
    }
    boolean any = false;
    for (JsonNode c : include.path("concept")) {
      pairs.add(List.of(system, c.path("code").asText()));
      any = true;
    }
    for (JsonNode f : include.path("filter")) {
      String op = f.path("op").asText();
      String property = f.path("property").asText();
      boolean isA = op.equals("is-a") || op.equals("descendent-of");
      if (!isA || !property.equals("concept")) {
        throw unsupported("value set filter " + property + " " + op);
      }
      for (String code : hierarchy(system, f.path("value").asText(), true)) {
        if (op.equals("is-a") || !code.equals(f.path("value").asText())) {
          pairs.add(List.of(system, code));
        }
      }
      any = true;
    }
    if (!any) {
      whole.add(system);
    }
  }

  private static void addContains(JsonNode contains, Set<List<String>> pairs) {
    for (JsonNode c : contains) {
      if (c.has("code")) {
        pairs.add(List.of(c.path("system").asText(""), c.path("code").asText()));
      }
      addContains(c.path("contains"), pairs);
    }
  }

  /** The code and its descendants ({@code below}) or ancestors, in the stored CodeSystem. */
  Codes subsumed(SearchParam param, String system, String code, boolean below) {
    List<String> codes = hierarchy(system, code, below);
    List<String> systems = new ArrayList<>();
    codes.forEach(c -> systems.add(system));
    return new Codes(systems, codes, List.of());
  }

  private List<String> hierarchy(String system, String code, boolean below) {
    JsonNode cs = load("CodeSystem", system);
    if (cs == null) {
      throw FhirException.badRequest(
          "unsupported-search-modifier",
          "Code system " + system + " is not known to this server, so its hierarchy is unknown",
          system);
    }
    Map<String, List<String>> children = new HashMap<>();
    Map<String, List<String>> parents = new HashMap<>();
    walk(cs.path("concept"), null, children, parents);
    Map<String, List<String>> edges = below ? children : parents;
    Set<String> out = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(code));
    while (!todo.isEmpty()) {
      String c = todo.pop();
      if (out.add(c)) {
        todo.addAll(edges.getOrDefault(c, List.of()));
      }
    }
    return List.copyOf(out);
  }

  private static void walk(
      JsonNode concepts,
      @Nullable String parent,
      Map<String, List<String>> children,
      Map<String, List<String>> parents) {
    for (JsonNode c : concepts) {
      String code = c.path("code").asText();
      if (parent != null) {
        children.computeIfAbsent(parent, k -> new ArrayList<>()).add(code);
        parents.computeIfAbsent(code, k -> new ArrayList<>()).add(parent);
      }
      walk(c.path("concept"), code, children, parents);
    }
  }

  /** The current version of the stored resource of this type with this canonical url. */
  private @Nullable JsonNode load(String type, String canonical) {
    int bar = canonical.indexOf('|');
    String url = bar < 0 ? canonical : canonical.substring(0, bar);
    SearchParam urlParam = registry.find(type, "url");
    if (urlParam == null || !urlParam.indexed()) {
      return null;
    }
    List<String> bodies =
        jdbc.query(
            "select v.body from resource r join resource_version v"
                + " on v.res_pk = r.pk and v.version = r.version"
                + " where r.res_type = ? and not r.deleted and exists (select 1 from sp_uri u"
                + " where u.res_pk = r.pk and u.param_id = ? and u.uri = ?) order by r.pk limit 1",
            (rs, i) -> rs.getString(1),
            type,
            ids.id(urlParam),
            url);
    if (bodies.isEmpty() || bodies.get(0) == null) {
      return null;
    }
    try {
      return JSON.readTree(bodies.get(0));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored " + type + " is not JSON", e);
    }
  }

  private static FhirException unsupported(String what) {
    return FhirException.badRequest(
        "unsupported-search-modifier", "Not supported for ':in' and ':not-in': " + what, null);
  }
}
