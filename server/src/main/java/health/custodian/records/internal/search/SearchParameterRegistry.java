package health.custodian.records.internal.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.custodian.records.internal.search.FhirPathExpr.Union;
import health.custodian.records.internal.search.FhirPathParser.UnsupportedExpressionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The base R4 search parameters (from HAPI's packaged {@code search-parameters.json}), each
 * FHIRPath compiled once. Read with Jackson, not HAPI's model parser, to keep startup fast.
 */
@Component
class SearchParameterRegistry {

  static final String COMMON = "Resource";

  private static final Logger log = LoggerFactory.getLogger(SearchParameterRegistry.class);
  private static final String RESOURCE = "/org/hl7/fhir/r4/model/sp/search-parameters.json";
  private static final Set<SearchParam.Type> INDEXED_TYPES =
      Set.of(
          SearchParam.Type.TOKEN,
          SearchParam.Type.STRING,
          SearchParam.Type.REFERENCE,
          SearchParam.Type.DATE,
          SearchParam.Type.URI,
          SearchParam.Type.NUMBER,
          SearchParam.Type.QUANTITY,
          SearchParam.Type.COMPOSITE);

  /** base (resource type or {@link #COMMON}) to code to parameter. */
  private final Map<String, Map<String, SearchParam>> byBase;

  /** The components of each supported composite parameter, by {@link #key}. */
  private final Map<String, List<CompositeComponent>> components = new HashMap<>();

  /** The type of each base SearchParameter by canonical url, for composite components. */
  private final Map<String, SearchParam.Type> typesByUrl = new HashMap<>();

  /**
   * Parameters from SearchParameter resources held by the server, replaced as a whole by {@link
   * #install}; they take precedence over base parameters of the same base and code.
   */
  private volatile Layer custom = new Layer(Map.of(), Map.of(), 0);

  private final Map<String, List<SearchParam>> indexedByType = new ConcurrentHashMap<>();

  /** A set of custom parameters; {@code generation} counts the installs. */
  record Layer(
      Map<String, Map<String, SearchParam>> byBase,
      Map<String, List<CompositeComponent>> components,
      long generation) {

    List<SearchParam> params() {
      List<SearchParam> out = new ArrayList<>();
      byBase.values().forEach(m -> out.addAll(m.values()));
      return out;
    }
  }

  SearchParameterRegistry() {
    long start = System.nanoTime();
    this.byBase = load(components, typesByUrl);
    long millis = (System.nanoTime() - start) / 1_000_000;
    long all = all().size();
    long unsupported = all().stream().filter(p -> !p.supported()).count();
    log.info(
        "Loaded {} search parameter bindings in {} ms ({} unsupported)", all, millis, unsupported);
  }

  /** The parameter {@code code} of {@code resourceType}, including common ones, if known. */
  @Nullable SearchParam find(String resourceType, String code) {
    Map<String, Map<String, SearchParam>> extra = custom.byBase();
    for (String base : List.of(resourceType, COMMON)) {
      SearchParam p = extra.getOrDefault(base, Map.of()).get(code);
      if (p == null) {
        p = byBase.getOrDefault(base, Map.of()).get(code);
      }
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  /** The parameters the indexer writes rows for, for resources of this type. */
  List<SearchParam> indexed(String resourceType) {
    // Keyed by generation too: a list computed from one layer is never served for another.
    Layer layer = custom;
    return indexedByType.computeIfAbsent(
        layer.generation() + "\u0000" + resourceType,
        k -> {
          List<SearchParam> out = new ArrayList<>();
          for (String base : List.of(resourceType, COMMON)) {
            for (SearchParam p : merged(layer, base).values()) {
              if (p.indexed()) {
                out.add(p);
              }
            }
          }
          return List.copyOf(out);
        });
  }

  /** The parameters a search of this type can use (own and common ones), by code. */
  Map<String, SearchParam> supported(String resourceType) {
    Map<String, SearchParam> out = new java.util.TreeMap<>();
    for (String base : List.of(COMMON, resourceType)) {
      for (SearchParam p : merged(base).values()) {
        if (p.supported()) {
          out.put(p.code(), p);
        }
      }
    }
    return out;
  }

  /** Base and custom parameters of one base, custom ones replacing base ones of the same code. */
  private Map<String, SearchParam> merged(String base) {
    return merged(custom, base);
  }

  private Map<String, SearchParam> merged(Layer layer, String base) {
    Map<String, SearchParam> out = new LinkedHashMap<>(byBase.getOrDefault(base, Map.of()));
    out.putAll(layer.byBase().getOrDefault(base, Map.of()));
    return out;
  }

  /**
   * Binds SearchParameter resources (R4 SearchParameter) as a layer of custom parameters, without
   * installing it: their ids must be registered first, before any write can index them.
   */
  Layer bindCustom(List<JsonNode> searchParameters) {
    Map<String, SearchParam.Type> types = new HashMap<>(typesByUrl);
    for (JsonNode sp : searchParameters) {
      SearchParam.Type t = SearchParam.Type.of(sp.path("type").asText());
      if (t != null) {
        types.put(sp.path("url").asText(), t);
      }
    }
    Map<String, Map<String, SearchParam>> out = new HashMap<>();
    Map<String, List<CompositeComponent>> parts = new HashMap<>();
    for (JsonNode sp : searchParameters) {
      if ("retired".equals(sp.path("status").asText())) {
        continue;
      }
      List<CompositeComponent> comps = compositeComponents(sp, types);
      for (SearchParam p : bind(sp, comps == null ? "components not supported" : null)) {
        out.computeIfAbsent(p.base(), b -> new HashMap<>()).put(p.code(), p);
        if (comps != null && !comps.isEmpty() && p.supported()) {
          parts.put(key(p.base(), p.code()), comps);
        }
      }
    }
    Map<String, Map<String, SearchParam>> frozen = new HashMap<>();
    out.forEach((k, v) -> frozen.put(k, Map.copyOf(v)));
    return new Layer(Map.copyOf(frozen), Map.copyOf(parts), custom.generation() + 1);
  }

  /** Makes a bound layer the current custom parameters, for searches and indexing alike. */
  synchronized void install(Layer layer) {
    custom = layer;
    indexedByType.clear();
  }

  /** Counts installs of custom parameters, so that derived views (CapabilityStatement) refresh. */
  long generation() {
    return custom.generation();
  }

  /** The components of a composite parameter, in order; empty for other parameters. */
  List<CompositeComponent> components(SearchParam param) {
    String key = key(param.base(), param.code());
    List<CompositeComponent> own = custom.components().get(key);
    return own != null ? own : components.getOrDefault(key, List.of());
  }

  /**
   * One component of a composite parameter (R4 SearchParameter.component): the type of the
   * parameter its definition names, as a parameter of that type under the composite's code, and its
   * expression relative to each element the composite's expression selects.
   */
  record CompositeComponent(SearchParam definition, FhirPathExpr expression) {}

  private static String key(String base, String code) {
    return base + '\u0000' + code;
  }

  /** Every parameter binding, supported or not. */
  List<SearchParam> all() {
    List<SearchParam> out = new ArrayList<>();
    java.util.Set<String> bases = new java.util.HashSet<>(byBase.keySet());
    bases.addAll(custom.byBase().keySet());
    bases.forEach(b -> out.addAll(merged(b).values()));
    return out;
  }

  private static Map<String, Map<String, SearchParam>> load(
      Map<String, List<CompositeComponent>> components, Map<String, SearchParam.Type> typesByUrl) {
    JsonNode bundle;
    try (InputStream in = SearchParameterRegistry.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " not on the classpath");
      }
      // Whole bytes first: Jackson parses a byte array faster than an inflating jar stream.
      bundle = new ObjectMapper().readTree(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (JsonNode entry : bundle.path("entry")) {
      SearchParam.Type t = SearchParam.Type.of(entry.path("resource").path("type").asText());
      if (t != null) {
        typesByUrl.put(entry.path("resource").path("url").asText(), t);
      }
    }
    Map<String, Map<String, SearchParam>> byBase = new HashMap<>();
    for (JsonNode entry : bundle.path("entry")) {
      JsonNode sp = entry.path("resource");
      List<CompositeComponent> parts = compositeComponents(sp, typesByUrl);
      for (SearchParam p : bind(sp, parts == null ? "components not supported" : null)) {
        byBase.computeIfAbsent(p.base(), b -> new LinkedHashMap<>()).put(p.code(), p);
        if (parts != null && p.supported()) {
          components.put(key(p.base(), p.code()), parts);
        }
      }
    }
    Map<String, Map<String, SearchParam>> frozen = new HashMap<>();
    byBase.forEach((k, v) -> frozen.put(k, Map.copyOf(v)));
    return Map.copyOf(frozen);
  }

  /**
   * The components of a composite SearchParameter; an empty list for other types, null when a
   * component's definition or expression is not supported.
   */
  private static @Nullable List<CompositeComponent> compositeComponents(
      JsonNode sp, Map<String, SearchParam.Type> typesByUrl) {
    if (!"composite".equals(sp.path("type").asText())) {
      return List.of();
    }
    List<CompositeComponent> out = new ArrayList<>();
    for (JsonNode c : sp.path("component")) {
      SearchParam.Type t = typesByUrl.get(c.path("definition").asText());
      if (t == null || t == SearchParam.Type.COMPOSITE || !INDEXED_TYPES.contains(t)) {
        return null;
      }
      try {
        FhirPathExpr expr = FhirPathParser.parse(c.path("expression").asText());
        SearchParam definition =
            new SearchParam(
                COMMON,
                sp.path("code").asText(),
                t,
                expr,
                List.of(),
                SearchParam.Source.INDEX,
                null);
        out.add(new CompositeComponent(definition, expr));
      } catch (UnsupportedExpressionException e) {
        return null;
      }
    }
    return out.size() < 2 ? null : List.copyOf(out);
  }

  /** One SearchParameter resource, bound to each of its bases. */
  private static List<SearchParam> bind(JsonNode sp, @Nullable String compositeProblem) {
    String code = sp.path("code").asText();
    SearchParam.Type type = SearchParam.Type.of(sp.path("type").asText());
    List<String> targets = texts(sp.path("target"));
    String expression = sp.path("expression").asText(null);
    List<FhirPathExpr> branches = List.of();
    String problem = null;
    if (type == null) {
      problem = "unknown type " + sp.path("type").asText();
    } else if (expression == null) {
      problem = "no expression";
    } else {
      try {
        FhirPathExpr parsed = FhirPathParser.parse(expression);
        branches = parsed instanceof Union u ? u.parts() : List.of(parsed);
      } catch (UnsupportedExpressionException e) {
        problem = "unsupported FHIRPath: " + e.getMessage();
      }
    }
    if (problem == null && !INDEXED_TYPES.contains(type)) {
      problem = "type " + sp.path("type").asText() + " not indexed yet";
    }
    if (problem == null && type == SearchParam.Type.COMPOSITE) {
      problem = compositeProblem;
    }
    SearchParam.Source source =
        switch (code) {
          case "_id" -> SearchParam.Source.RESOURCE_ID;
          case "_lastUpdated" -> SearchParam.Source.RESOURCE_LAST_UPDATED;
          default -> SearchParam.Source.INDEX;
        };
    if (source != SearchParam.Source.INDEX) {
      problem = null;
    }
    List<SearchParam> out = new ArrayList<>();
    SearchParam.Type t = type == null ? SearchParam.Type.SPECIAL : type;
    for (String base : texts(sp.path("base"))) {
      String b = base.equals("DomainResource") ? COMMON : base;
      FhirPathExpr forBase = problem == null ? branchesFor(b, branches) : null;
      String reason = problem;
      if (reason == null && forBase == null && source == SearchParam.Source.INDEX) {
        reason = "no expression for " + b;
      }
      out.add(new SearchParam(b, code, t, forBase, targets, source, reason));
    }
    return out;
  }

  /**
   * A multi-base expression is a union of one path per base ({@code Account.subject |
   * CarePlan.subject}); each base keeps only its own branches, and those without a type root.
   */
  private static @Nullable FhirPathExpr branchesFor(
      String base, Collection<FhirPathExpr> branches) {
    List<FhirPathExpr> mine = new ArrayList<>();
    for (FhirPathExpr branch : branches) {
      String root = rootType(branch);
      if (root == null
          || root.equals(base)
          || root.equals("Resource")
          || root.equals("DomainResource")) {
        mine.add(branch);
      }
    }
    if (mine.isEmpty()) {
      return null;
    }
    return mine.size() == 1 ? mine.get(0) : new Union(List.copyOf(mine));
  }

  /** The type name a path starts with, following the left-most operand. */
  private static @Nullable String rootType(FhirPathExpr e) {
    FhirPathExpr next;
    if (e instanceof FhirPathExpr.TypeRoot r) {
      return r.type();
    } else if (e instanceof FhirPathExpr.Member m) {
      next = m.source();
    } else if (e instanceof FhirPathExpr.Index i) {
      next = i.source();
    } else if (e instanceof FhirPathExpr.First f) {
      next = f.source();
    } else if (e instanceof FhirPathExpr.AsType a) {
      next = a.source();
    } else if (e instanceof FhirPathExpr.IsType a) {
      next = a.source();
    } else if (e instanceof FhirPathExpr.Where w) {
      next = w.source();
    } else if (e instanceof FhirPathExpr.Exists x) {
      next = x.source();
    } else if (e instanceof FhirPathExpr.Resolve r) {
      next = r.source();
    } else if (e instanceof FhirPathExpr.Extension x) {
      next = x.source();
    } else if (e instanceof FhirPathExpr.Not n) {
      next = n.source();
    } else if (e instanceof FhirPathExpr.Equality q) {
      next = q.left();
    } else if (e instanceof FhirPathExpr.And a) {
      next = a.left();
    } else if (e instanceof FhirPathExpr.Or o) {
      next = o.left();
    } else {
      return null;
    }
    return rootType(next);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return List.copyOf(out);
  }
}
