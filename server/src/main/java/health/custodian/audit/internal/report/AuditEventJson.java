package health.custodian.audit.internal.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders stored events as FHIR R4 AuditEvents after IHE Basic Audit Log Patterns (BALP 1.1): type
 * {@code rest} with the restful-interaction subtype (security events use the DICOM event codes),
 * the requesting agent with {@code who} and network address, the server as the second agent and the
 * source observer, one entity per patient (role 1 Patient) and per resource (role 4 Domain
 * Resource), the query as a base64 entity (role 24 Query), and break-glass as purpose of use ETREAT
 * (v3 ActReason) on the agent and the event.
 */
final class AuditEventJson {

  static final ObjectMapper JSON = new ObjectMapper();

  private static final String REST_SUBTYPES = "http://hl7.org/fhir/restful-interaction";
  private static final String EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
  private static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
  private static final String CUSTODIAN_SUBTYPES =
      "https://custodian.health/fhir/CodeSystem/audit-subtype";
  private static final String BALP = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/";
  private static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
  private static final Set<String> REST =
      Set.of(
          "read",
          "vread",
          "update",
          "patch",
          "delete",
          "history",
          "history-instance",
          "history-type",
          "history-system",
          "create",
          "search",
          "search-type",
          "search-system",
          "capabilities",
          "transaction",
          "batch",
          "operation");
  private static final Map<String, String> DICOM_SECURITY =
      Map.of("login", "110122", "logout", "110123", "login-failed", "110122");
  private static final Map<String, String> PROFILES =
      Map.ofEntries(
          Map.entry("create", "IHE.BasicAudit.Create"),
          Map.entry("read", "IHE.BasicAudit.Read"),
          Map.entry("vread", "IHE.BasicAudit.Read"),
          Map.entry("history-instance", "IHE.BasicAudit.Read"),
          Map.entry("update", "IHE.BasicAudit.Update"),
          Map.entry("patch", "IHE.BasicAudit.Update"),
          Map.entry("delete", "IHE.BasicAudit.Delete"),
          Map.entry("search-type", "IHE.BasicAudit.Query"),
          Map.entry("search-system", "IHE.BasicAudit.Query"),
          Map.entry("history-type", "IHE.BasicAudit.Query"),
          Map.entry("history-system", "IHE.BasicAudit.Query"));

  private AuditEventJson() {}

  static ObjectNode render(EventView e) {
    ObjectNode ae = JSON.createObjectNode();
    ae.put("resourceType", "AuditEvent").put("id", Long.toString(e.seq()));
    String profile = PROFILES.get(e.subtype());
    if (profile != null) {
      ae.putObject("meta").putArray("profile").add(BALP + profile);
    }
    ObjectNode type = ae.putObject("type");
    ArrayNode subtype = ae.putArray("subtype");
    if (REST.contains(e.subtype())) {
      type.put("system", EVENT_TYPE).put("code", "rest").put("display", "RESTful Operation");
      subtype.addObject().put("system", REST_SUBTYPES).put("code", e.subtype());
    } else if (DICOM_SECURITY.containsKey(e.subtype())) {
      type.put("system", DCM).put("code", "110114").put("display", "User Authentication");
      subtype.addObject().put("system", DCM).put("code", DICOM_SECURITY.get(e.subtype()));
    } else {
      type.put("system", DCM).put("code", "110113").put("display", "Security Alert");
      subtype.addObject().put("system", CUSTODIAN_SUBTYPES).put("code", e.subtype());
    }
    ae.put("action", String.valueOf(e.action()));
    ae.put("recorded", e.recorded().toString());
    ae.put("outcome", Integer.toString(e.outcome()));
    if (e.detail() != null) {
      ae.put("outcomeDesc", e.detail());
    }
    if (e.emergency()) {
      ae.putArray("purposeOfEvent").add(etreat());
    }
    ArrayNode agents = ae.putArray("agent");
    ObjectNode who = agents.addObject();
    who.putObject("type")
        .putArray("coding")
        .addObject()
        .put("system", DCM)
        .put("code", "110153")
        .put("display", "Source Role ID");
    ObjectNode whoRef = who.putObject("who");
    whoRef
        .putObject("identifier")
        .put("system", "https://custodian.health/fhir/NamingSystem/" + kind(e.agentKind()))
        .put("value", e.agentId());
    whoRef.put("display", e.agentId());
    if (e.session() != null) {
      who.put("altId", e.session());
    }
    who.put("requestor", true);
    if (e.address() != null) {
      // AuditEvent.agent.network.type 2 = IP address
      who.putObject("network").put("address", e.address()).put("type", "2");
    }
    if (e.emergency()) {
      who.putArray("purposeOfUse").add(etreat());
    }
    ObjectNode server = agents.addObject();
    server
        .putObject("type")
        .putArray("coding")
        .addObject()
        .put("system", DCM)
        .put("code", "110152")
        .put("display", "Destination Role ID");
    server.putObject("who").put("display", "Custodian FHIR server");
    server.put("requestor", false);
    ObjectNode source = ae.putObject("source");
    source.putObject("observer").put("display", "Custodian FHIR server");
    source
        .putArray("type")
        .addObject()
        .put("system", "http://terminology.hl7.org/CodeSystem/security-source-type")
        .put("code", "4")
        .put("display", "Application Server");
    ArrayNode entities = ae.putArray("entity");
    for (String p : e.patients()) {
      entity(entities, "Patient/" + p, "1", "Person", "1", "Patient");
    }
    for (String ref : e.entities()) {
      entity(entities, ref, "2", "System Object", "4", "Domain Resource");
    }
    if (e.query() != null) {
      ObjectNode q = entities.addObject();
      q.putObject("type")
          .put("system", "http://terminology.hl7.org/CodeSystem/audit-entity-type")
          .put("code", "2");
      q.putObject("role")
          .put("system", "http://terminology.hl7.org/CodeSystem/object-role")
          .put("code", "24")
          .put("display", "Query");
      q.put(
          "query", Base64.getEncoder().encodeToString(e.query().getBytes(StandardCharsets.UTF_8)));
    }
    if (e.breakGlass() != null) {
      ae.putArray("extension")
          .addObject()
          .put("url", "https://custodian.health/fhir/StructureDefinition/break-glass-grant")
          .put("valueString", e.breakGlass());
    }
    if (entities.isEmpty()) {
      ae.remove("entity");
    }
    return ae;
  }

  static String kind(char letter) {
    return switch (letter) {
      case 'U' -> "user";
      case 'C' -> "client";
      case 'S' -> "system";
      default -> "anonymous";
    };
  }

  private static ObjectNode etreat() {
    ObjectNode cc = JSON.createObjectNode();
    cc.putArray("coding")
        .addObject()
        .put("system", ACT_REASON)
        .put("code", "ETREAT")
        .put("display", "Emergency Treatment");
    return cc;
  }

  private static void entity(
      ArrayNode entities,
      String reference,
      String type,
      String typeDisplay,
      String role,
      String roleDisplay) {
    ObjectNode en = entities.addObject();
    en.putObject("what").put("reference", reference);
    en.putObject("type")
        .put("system", "http://terminology.hl7.org/CodeSystem/audit-entity-type")
        .put("code", type)
        .put("display", typeDisplay);
    en.putObject("role")
        .put("system", "http://terminology.hl7.org/CodeSystem/object-role")
        .put("code", role)
        .put("display", roleDisplay);
  }

  /** A searchset Bundle of events, with self and next links. */
  static ObjectNode bundle(List<EventView> page, String base, String self, String next) {
    ObjectNode b = JSON.createObjectNode();
    b.put("resourceType", "Bundle").put("type", "searchset");
    ArrayNode links = b.putArray("link");
    links.addObject().put("relation", "self").put("url", self);
    if (!next.isEmpty()) {
      links.addObject().put("relation", "next").put("url", next);
    }
    ArrayNode entries = b.putArray("entry");
    for (EventView e : page) {
      ObjectNode entry = entries.addObject();
      entry.put("fullUrl", base + "/AuditEvent/" + e.seq());
      entry.set("resource", render(e));
      entry.putObject("search").put("mode", "match");
    }
    return b;
  }
}
