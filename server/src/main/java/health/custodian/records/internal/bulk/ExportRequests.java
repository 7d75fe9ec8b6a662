package health.custodian.records.internal.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.records.FhirException;
import health.custodian.records.internal.search.SearchService;
import health.custodian.records.internal.storage.RecordReader;
import health.custodian.records.internal.storage.ResourceTypes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Validates an {@code $export} kick-off (IG v2.0.0 "Query Parameters"); every problem is a 400 at
 * kick-off, so a job that starts can run to the end.
 */
@Component
class ExportRequests {

  /** IG v2.0.0: servers SHALL support ndjson in these spellings. */
  private static final Set<String> FORMATS =
      Set.of("application/fhir+ndjson", "application/ndjson", "ndjson");

  private static final String LATEST_PROVENANCE = "LatestProvenanceResources";

  private static final Set<String> KNOWN =
      Set.of(
          "_outputFormat",
          "_since",
          "_type",
          "_typeFilter",
          "_elements",
          "patient",
          "includeAssociatedData");

  private final SearchService search;
  private final RecordReader reader;
  private final PatientCompartment compartment;

  ExportRequests(SearchService search, RecordReader reader) {
    this.search = search;
    this.reader = reader;
    this.compartment = PatientCompartment.fromHapi();
  }

  PatientCompartment compartment() {
    return compartment;
  }

  ExportRequest parse(
      ExportRequest.Level level,
      @Nullable String groupId,
      Map<String, List<String>> query,
      @Nullable JsonNode body,
      boolean lenient) {
    Map<String, List<String>> params = KickOffParameters.merge(query, body);
    for (String name : params.keySet()) {
      if (!KNOWN.contains(name)) {
        throw FhirException.badRequest(
            "unknown-parameter", "$export does not support the parameter " + name, name);
      }
    }
    String format = KickOffParameters.single(params, "_outputFormat");
    if (format != null && !FORMATS.contains(format)) {
      throw FhirException.badRequest(
          "unsupported-format",
          "_outputFormat must be application/fhir+ndjson (or application/ndjson, ndjson)",
          "_outputFormat");
    }
    boolean latestProvenance = latestProvenance(params, lenient);
    if (level == ExportRequest.Level.GROUP) {
      reader.read("Group", groupId == null ? "" : groupId);
    }
    List<String> patients = patients(level, params);
    List<String> types = types(level, params);
    Map<String, List<String>> filters = typeFilters(params, types);
    String since = since(KickOffParameters.single(params, "_since"));
    List<String> elements = KickOffParameters.list(params, "_elements");
    return new ExportRequest(
        level, groupId, types, since, filters, patients, elements, latestProvenance);
  }

  /**
   * {@code includeAssociatedData} (IG v2.0.0 "Query Parameters", CodeSystem
   * include-associated-data): whether {@code LatestProvenanceResources} is asked for. Other values
   * ({@code RelevantProvenanceResources}, custom {@code _} values) are refused with 400, as the IG
   * says a server unable to support a value SHOULD, unless {@code Prefer: handling=lenient}, with
   * which it MAY process the request instead: they are then ignored.
   */
  private static boolean latestProvenance(Map<String, List<String>> params, boolean lenient) {
    boolean latest = false;
    for (String value : KickOffParameters.list(params, "includeAssociatedData")) {
      if (value.equals(LATEST_PROVENANCE)) {
        latest = true;
      } else if (!lenient) {
        throw FhirException.badRequest(
            "unsupported-associated-data",
            "includeAssociatedData="
                + abbr(value)
                + " is not supported (only "
                + LATEST_PROVENANCE
                + ")",
            "includeAssociatedData");
      }
    }
    return latest;
  }

  private List<String> patients(ExportRequest.Level level, Map<String, List<String>> params) {
    List<String> out = new ArrayList<>();
    for (String ref : params.getOrDefault("patient", List.of())) {
      if (level == ExportRequest.Level.SYSTEM) {
        throw FhirException.badRequest(
            "invalid-parameter", "patient applies to patient and group level only", "patient");
      }
      if (!ref.startsWith("Patient/") || ref.length() == "Patient/".length()) {
        throw FhirException.badRequest(
            "invalid-parameter", "patient must be a reference such as Patient/123", "patient");
      }
      out.add(ref.substring("Patient/".length()));
    }
    return out;
  }

  private List<String> types(ExportRequest.Level level, Map<String, List<String>> params) {
    List<String> requested = KickOffParameters.list(params, "_type");
    boolean compartmentOnly = level != ExportRequest.Level.SYSTEM;
    if (requested.isEmpty()) {
      return compartmentOnly ? compartment.types() : ResourceTypes.all().stream().sorted().toList();
    }
    Set<String> out = new LinkedHashSet<>();
    for (String type : requested) {
      if (!ResourceTypes.isKnown(type)) {
        throw FhirException.badRequest(
            "unknown-resource-type",
            "_type names an unknown resource type: " + abbr(type),
            "_type");
      }
      if (compartmentOnly && !compartment.contains(type)) {
        throw FhirException.badRequest(
            "not-in-compartment",
            type
                + " resources are not in the Patient compartment and cannot be exported at this"
                + " level",
            "_type");
      }
      out.add(type);
    }
    return List.copyOf(out);
  }

  private Map<String, List<String>> typeFilters(
      Map<String, List<String>> params, List<String> types) {
    Map<String, List<String>> out = new TreeMap<>();
    for (String filter : params.getOrDefault("_typeFilter", List.of())) {
      int q = filter.indexOf('?');
      String type = q < 0 ? filter : filter.substring(0, q);
      if (q < 0 || !ResourceTypes.isKnown(type)) {
        throw FhirException.badRequest(
            "invalid-type-filter",
            "_typeFilter must be a search such as Observation?code=8867-4",
            "_typeFilter");
      }
      if (!types.contains(type)) {
        // IG v2.0.0: filters of types not exported have nothing to filter.
        continue;
      }
      String queryString = filter.substring(q + 1);
      // Checks every parameter now (strict): unsupported ones are a 400 at kick-off rather than a
      // job that silently exports too much.
      search.match(type, parseQuery(queryString), 0);
      out.computeIfAbsent(type, t -> new ArrayList<>()).add(queryString);
    }
    return out;
  }

  static Map<String, List<String>> parseQuery(String query) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw FhirException.badRequest(
          "invalid-type-filter", "_typeFilter is not a well-formed query", "_typeFilter");
    }
  }

  static @Nullable String since(@Nullable String raw) {
    if (raw == null) {
      return null;
    }
    // An unencoded '+' in a time zone offset arrives as a space.
    String v = raw.trim().replace(' ', '+');
    try {
      return OffsetDateTime.parse(v).toInstant().toString();
    } catch (DateTimeParseException e) {
      try {
        Instant day = LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
        return day.toString();
      } catch (DateTimeParseException e2) {
        throw FhirException.badRequest(
            "invalid-parameter",
            "_since must be an instant such as 2024-01-31T12:00:00Z",
            "_since");
      }
    }
  }

  private static String abbr(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}
