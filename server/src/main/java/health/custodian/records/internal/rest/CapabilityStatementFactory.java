package health.custodian.records.internal.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.CapabilityContribution;
import health.custodian.records.FhirOperation;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.search.IncludeResolver;
import health.custodian.records.internal.search.SearchService;
import health.custodian.records.internal.storage.ResourceTypes;
import health.custodian.records.internal.storage.WriteSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The CapabilityStatement (R4 3.1.0.9): only what this server really does. Built once per base URL
 * and cached.
 */
@Component
class CapabilityStatementFactory {

  private static final List<String> INTERACTIONS =
      List.of(
          "read",
          "vread",
          "update",
          "patch",
          "delete",
          "history-instance",
          "history-type",
          "create",
          "search-type");

  private final SearchService search;
  private final IncludeResolver includes;
  private final OperationDispatcher operations;
  private final WriteSettings settings;
  private final List<CapabilityContribution> contributions;
  private final Map<String, String> cache = new ConcurrentHashMap<>();
  private final String published = Instant.now().toString();

  CapabilityStatementFactory(
      SearchService search,
      IncludeResolver includes,
      OperationDispatcher operations,
      WriteSettings settings,
      List<CapabilityContribution> contributions) {
    this.contributions = List.copyOf(contributions);
    this.search = search;
    this.includes = includes;
    this.operations = operations;
    this.settings = settings;
  }

  String json(String base) {
    // Keyed by the search parameters' generation too: $reindex may add custom parameters.
    String key = base + '\u0000' + search.parametersGeneration();
    return cache.computeIfAbsent(key, k -> FhirJson.write(build(base)));
  }

  private ObjectNode build(String base) {
    ObjectNode cs = FhirJson.nodes().objectNode();
    cs.put("resourceType", "CapabilityStatement");
    cs.put("status", "active");
    cs.put("date", published);
    cs.put("publisher", "Custodian");
    cs.put("kind", "instance");
    cs.putObject("software").put("name", "Custodian").put("version", version());
    cs.putObject("implementation").put("description", "Custodian FHIR R4 server").put("url", base);
    cs.put("fhirVersion", "4.0.1");
    cs.putArray("format").add("json").add("xml");
    cs.putArray("patchFormat").add("application/json-patch+json");
    ObjectNode rest = cs.putArray("rest").addObject();
    rest.put("mode", "server");
    ArrayNode resources = rest.putArray("resource");
    Map<String, CapabilityContribution.ServedType> servedElsewhere = new java.util.HashMap<>();
    contributions.forEach(c -> c.servedTypes().forEach(t -> servedElsewhere.put(t.type(), t)));
    for (String type : ResourceTypes.all().stream().sorted().toList()) {
      CapabilityContribution.ServedType served = servedElsewhere.get(type);
      if (served != null) {
        // Served by another module (e.g. AuditEvent from the audit log): the record store refuses
        // the type, so only that module's interactions are stated.
        resources.add(servedType(served));
        continue;
      }
      ObjectNode r = resources.addObject();
      r.put("type", type);
      r.put("profile", "http://hl7.org/fhir/StructureDefinition/" + type);
      ArrayNode interactions = r.putArray("interaction");
      INTERACTIONS.forEach(i -> interactions.addObject().put("code", i));
      r.put("versioning", "versioned-update");
      r.put("readHistory", true);
      r.put("updateCreate", true);
      r.put("conditionalCreate", true);
      r.put("conditionalRead", "full-support");
      r.put("conditionalUpdate", true);
      r.put("conditionalDelete", "single");
      ArrayNode policy = r.putArray("referencePolicy").add("literal").add("logical");
      if (settings.enforceReferences()) {
        policy.add("enforced");
      }
      // R4 3.1.1.5.4: the _include and _revinclude values the search understands.
      ArrayNode searchInclude = r.putArray("searchInclude");
      includes.includeValues(type).forEach(searchInclude::add);
      ArrayNode searchRevInclude = r.putArray("searchRevInclude");
      includes.revIncludeValues(type).forEach(searchRevInclude::add);
      if (searchInclude.isEmpty()) {
        r.remove("searchInclude");
      }
      if (searchRevInclude.isEmpty()) {
        r.remove("searchRevInclude");
      }
      ArrayNode params = r.putArray("searchParam");
      search
          .supportedParameters(type)
          .forEach((code, spType) -> params.addObject().put("name", code).put("type", spType));
      ArrayNode ops = r.putArray("operation");
      for (FhirOperation op : operations.all()) {
        if (!op.levels().contains(FhirOperation.Level.SYSTEM)
            && (op.resourceTypes().isEmpty() || op.resourceTypes().contains(type))) {
          ops.addObject().put("name", op.name()).put("definition", op.definition());
        }
      }
      if (type.equals("Patient")) {
        // Served by CompartmentController rather than a FhirOperation bean.
        ops.addObject()
            .put("name", "everything")
            .put("definition", "http://hl7.org/fhir/OperationDefinition/Patient-everything");
      }
      for (CapabilityContribution c : contributions) {
        for (CapabilityContribution.TypeOperation op : c.operations()) {
          if (op.type().equals(type)) {
            ops.addObject().put("name", op.name()).put("definition", op.definition());
          }
        }
      }
      if (ops.isEmpty()) {
        r.remove("operation");
      }
    }
    ArrayNode system = rest.putArray("interaction");
    List.of("transaction", "batch", "history-system")
        .forEach(i -> system.addObject().put("code", i));
    ArrayNode ops = rest.putArray("operation");
    for (FhirOperation op : operations.all()) {
      if (op.levels().contains(FhirOperation.Level.SYSTEM)) {
        ops.addObject().put("name", op.name()).put("definition", op.definition());
      }
    }
    if (ops.isEmpty()) {
      rest.remove("operation");
    }
    // rest.compartment: the compartment definitions compartment search follows (Compartments).
    ArrayNode compartments = rest.putArray("compartment");
    List.of("patient", "encounter", "relatedPerson", "practitioner", "device")
        .forEach(c -> compartments.add("http://hl7.org/fhir/CompartmentDefinition/" + c));
    return cs;
  }

  private ObjectNode servedType(CapabilityContribution.ServedType served) {
    ObjectNode r = FhirJson.nodes().objectNode();
    r.put("type", served.type());
    r.put("profile", "http://hl7.org/fhir/StructureDefinition/" + served.type());
    ArrayNode interactions = r.putArray("interaction");
    served.interactions().forEach(i -> interactions.addObject().put("code", i));
    r.put("versioning", "no-version");
    r.put("readHistory", false);
    r.put("updateCreate", false);
    ArrayNode params = r.putArray("searchParam");
    new java.util.TreeMap<>(served.searchParams())
        .forEach((code, spType) -> params.addObject().put("name", code).put("type", spType));
    for (CapabilityContribution c : contributions) {
      for (CapabilityContribution.TypeOperation op : c.operations()) {
        if (op.type().equals(served.type())) {
          r.withArray("operation")
              .addObject()
              .put("name", op.name())
              .put("definition", op.definition());
        }
      }
    }
    return r;
  }

  private static String version() {
    String v = CapabilityStatementFactory.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }
}
