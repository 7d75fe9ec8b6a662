package health.custodian.web.internal.audit;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.access.AccessDeniedException;
import health.custodian.audit.AuditEntry;
import health.custodian.records.RecordQueries;
import health.custodian.security.UserAdministration;
import health.custodian.web.internal.support.JsonTrees;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * "Family and neighbours": users who opened the records of patients sharing their family name or
 * their address. What can be compared: the user's own FHIR resource, i.e. the Patient linked to a
 * patient user or the resource of the user's actor reference (a Practitioner, Patient or
 * RelatedPerson), read through {@link RecordQueries} as the auditor (demographics and directory are
 * readable by the compliance auditor); a user with neither cannot be checked. Family names match
 * case- and accent-insensitively on any of the names; addresses match on the first line and the
 * postal code, normalised the same way. At most {@link #MAX_PATIENTS} patients per user are read.
 */
@Service
class Relatives {

  static final int MAX_PATIENTS = 100;

  private final RecordQueries records;
  private final JsonTrees json;

  Relatives(RecordQueries records, JsonTrees json) {
    this.records = records;
    this.json = json;
  }

  private record Identity(Set<String> families, Set<String> addresses, @Nullable String self) {}

  /**
   * @param known the user directory by name
   */
  List<UnusualAccess.Finding> findings(
      Map<String, List<AuditEntry>> byUser, Map<String, UserAdministration.UserInfo> known) {
    Map<String, Optional<JsonNode>> patients = new HashMap<>();
    List<UnusualAccess.Finding> out = new ArrayList<>();
    byUser.forEach(
        (user, entries) -> {
          UserAdministration.UserInfo info = known.get(user);
          Identity me = info == null ? null : identity(info);
          if (me == null || (me.families().isEmpty() && me.addresses().isEmpty())) {
            return;
          }
          Map<String, String> matched = new LinkedHashMap<>();
          Set<String> seen = new LinkedHashSet<>();
          for (AuditEntry e : entries) {
            for (String p : e.patients()) {
              if (p.equals(me.self()) || !seen.add(p) || seen.size() > MAX_PATIENTS) {
                continue;
              }
              patients
                  .computeIfAbsent(p, id -> read("Patient/" + id))
                  .map(r -> why(me, r))
                  .filter(w -> !w.isEmpty())
                  .ifPresent(w -> matched.put(p, w));
            }
          }
          if (!matched.isEmpty()) {
            List<AuditRow> evidence =
                entries.stream()
                    .filter(e -> e.patients().stream().anyMatch(matched::containsKey))
                    .limit(UnusualAccess.EVIDENCE)
                    .map(AuditRow::of)
                    .toList();
            List<String> reasons = new ArrayList<>();
            matched.forEach((p, w) -> reasons.add("Patient/" + p + " (" + w + ")"));
            out.add(
                new UnusualAccess.Finding(
                    "Family and neighbours",
                    user,
                    "opened the records of patients sharing their " + String.join(", ", reasons),
                    evidence));
          }
        });
    return out;
  }

  private @Nullable Identity identity(UserAdministration.UserInfo info) {
    List<String> refs = new ArrayList<>();
    if (info.patientId() != null) {
      refs.add("Patient/" + info.patientId());
    }
    if (info.actorReference() != null) {
      refs.add(info.actorReference());
    }
    if (refs.isEmpty()) {
      return null;
    }
    Set<String> families = new LinkedHashSet<>();
    Set<String> addresses = new LinkedHashSet<>();
    String self = info.patientId();
    for (String ref : refs) {
      if (ref.startsWith("Patient/")) {
        self = ref.substring("Patient/".length());
      }
      read(ref)
          .ifPresent(
              r -> {
                families.addAll(families(r));
                addresses.addAll(addresses(r));
              });
    }
    return new Identity(families, addresses, self);
  }

  private String why(Identity me, JsonNode patient) {
    List<String> why = new ArrayList<>();
    if (families(patient).stream().anyMatch(me.families()::contains)) {
      why.add("family name");
    }
    if (addresses(patient).stream().anyMatch(me.addresses()::contains)) {
      why.add("address");
    }
    return String.join(" and ", why);
  }

  private Optional<JsonNode> read(String reference) {
    int slash = reference.indexOf('/');
    if (slash <= 0) {
      return Optional.empty();
    }
    try {
      return records
          .read(reference.substring(0, slash), reference.substring(slash + 1))
          .map(json::parse);
    } catch (AccessDeniedException e) {
      return Optional.empty();
    }
  }

  static Set<String> families(JsonNode resource) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode n : resource.path("name")) {
      String f = normal(n.path("family").asText(""));
      if (!f.isEmpty()) {
        out.add(f);
      }
    }
    return out;
  }

  static Set<String> addresses(JsonNode resource) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode a : resource.path("address")) {
      String line = normal(a.path("line").path(0).asText(""));
      String postal = normal(a.path("postalCode").asText(""));
      if (!line.isEmpty() && !postal.isEmpty()) {
        out.add(line + "|" + postal);
      }
    }
    return out;
  }

  static String normal(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "")
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N}]+", " ")
        .strip();
  }
}
