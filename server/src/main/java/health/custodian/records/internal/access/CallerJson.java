package health.custodian.records.internal.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.records.internal.json.FhirJson;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Caller} as JSON: Bulk Data jobs keep their kick-off caller in {@code bulk_job.caller},
 * so that a job never exports more than its requester may see (issue #5).
 */
public final class CallerJson {

  private CallerJson() {}

  public static String write(Caller c) {
    ObjectNode o = FhirJson.nodes().objectNode();
    o.put("id", c.id());
    o.put("kind", c.kind().name());
    ArrayNode roles = o.putArray("roles");
    c.roles().stream().map(Role::code).sorted().forEach(roles::add);
    strings(o, "scopes", c.scopes());
    if (c.patientId() != null) {
      o.put("patientId", c.patientId());
    }
    strings(o, "actorReferences", c.actorReferences());
    strings(o, "clearances", c.clearances());
    Caller.BreakGlass g = c.breakGlass();
    if (g != null) {
      ObjectNode b = o.putObject("breakGlass");
      b.put("id", g.id());
      b.put("reason", g.reason());
      b.put("granted", g.granted().toString());
      b.put("expires", g.expires().toString());
    }
    if (c.address() != null) {
      o.put("address", c.address());
    }
    if (c.session() != null) {
      o.put("session", c.session());
    }
    return FhirJson.write(o);
  }

  public static Caller parse(String json) {
    JsonNode o = FhirJson.parse(json);
    Set<Role> roles = new java.util.HashSet<>();
    for (JsonNode r : o.path("roles")) {
      roles.add(Role.fromCode(r.asText()));
    }
    JsonNode b = o.path("breakGlass");
    Caller.BreakGlass glass =
        b.isObject()
            ? new Caller.BreakGlass(
                b.path("id").asText(),
                b.path("reason").asText(),
                Instant.parse(b.path("granted").asText()),
                Instant.parse(b.path("expires").asText()))
            : null;
    return new Caller(
        o.path("id").asText(),
        Caller.Kind.valueOf(o.path("kind").asText("USER")),
        roles,
        strings(o.path("scopes")),
        text(o, "patientId"),
        strings(o.path("actorReferences")),
        strings(o.path("clearances")),
        glass,
        text(o, "address"),
        text(o, "session"));
  }

  private static void strings(ObjectNode o, String name, Set<String> values) {
    ArrayNode a = o.putArray(name);
    new TreeSet<>(values).forEach(a::add);
  }

  private static Set<String> strings(JsonNode a) {
    Set<String> out = new TreeSet<>();
    a.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static @Nullable String text(JsonNode o, String name) {
    JsonNode n = o.get(name);
    return n == null || n.isNull() ? null : n.asText();
  }
}
