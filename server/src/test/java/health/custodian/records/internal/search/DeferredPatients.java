package health.custodian.records.internal.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.storage.WriteSessions;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.Json;

/**
 * Patients written the way bulk imports write them (loaded now, indexed by a later pass), and the
 * search totals that show whether they are indexed yet.
 */
final class DeferredPatients {

  private final WriteSessions sessions;
  private final Http http;

  DeferredPatients(WriteSessions sessions, Http http) {
    this.sessions = sessions;
    this.http = http;
  }

  static ObjectNode patient(String id, String family, String gender) {
    return (ObjectNode)
        FhirJson.parse(
            "{\"resourceType\":\"Patient\",\"id\":\""
                + id
                + "\",\"gender\":\""
                + gender
                + "\",\"birthDate\":\"1970-01-01\",\"name\":[{\"family\":\""
                + family
                + "\",\"given\":[\"Ann\"]}],\"text\":{\"status\":\"generated\",\"div\":"
                + "\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">Ann "
                + family
                + "</div>\"}}");
  }

  /** Writes the patients in one transaction, their index rows left pending. */
  void write(ObjectNode... patients) {
    sessions.inTransaction(
        session -> {
          session.deferIndexing();
          for (ObjectNode r : patients) {
            session.update("Patient", r.get("id").asText(), r, null, "PUT");
          }
          return null;
        });
  }

  /** The accurate total of a search. */
  int total(String query) {
    JsonNode bundle = Json.parse(http.get(query + "&_total=accurate").body());
    return bundle.path("total").asInt();
  }
}
