package health.custodian.records.internal.storage;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code consent_deny} in step with the Consent resources written in a session (issue #5):
 * one row per current Consent with status active and a top-level deny provision (R4 Consent:
 * status, patient, provision.type, provision.period, provision.actor.reference, provision.purpose).
 * Nested provisions (exceptions to the deny) are not modelled: the deny then applies in full, the
 * cautious reading.
 */
@Component
class ConsentDenials {

  private final JdbcTemplate jdbc;
  private final ConsentDenyState state;

  ConsentDenials(JdbcTemplate jdbc, ConsentDenyState state) {
    this.jdbc = jdbc;
    this.state = state;
  }

  /** Replaces the rows of these versions' resources by what their new content says. */
  void update(List<PendingVersion> versions) {
    List<Long> pks = new ArrayList<>();
    List<Object[]> rows = new ArrayList<>();
    for (PendingVersion v : versions) {
      if (!v.resourceType().equals("Consent")) {
        continue;
      }
      pks.add(v.pk());
      JsonNode r = v.resource();
      Object[] row = r == null ? null : row(v.pk(), r);
      if (row != null) {
        rows.add(row);
      }
    }
    if (pks.isEmpty()) {
      return;
    }
    state.changing();
    jdbc.update(
        "delete from consent_deny where consent_pk = any(?)", (Object) pks.toArray(Long[]::new));
    if (!rows.isEmpty()) {
      jdbc.batchUpdate(
          "insert into consent_deny (consent_pk, patient_id, period_start, period_end, actors,"
              + " purposes) values (?, ?, ?, ?, ?, ?)",
          rows);
    }
  }

  private static Object @Nullable [] row(long pk, JsonNode consent) {
    JsonNode provision = consent.path("provision");
    if (!"active".equals(consent.path("status").asText())
        || !"deny".equals(provision.path("type").asText())) {
      return null;
    }
    String patient = References.localKey(consent.path("patient").path("reference").asText(""));
    if (patient == null || !patient.startsWith("Patient/")) {
      return null;
    }
    List<String> actors = new ArrayList<>();
    for (JsonNode actor : provision.path("actor")) {
      String ref = actor.path("reference").path("reference").asText("");
      String key = References.localKey(ref);
      if (key != null) {
        actors.add(key);
      } else if (!ref.isEmpty()) {
        actors.add(ref);
      }
    }
    List<String> purposes = new ArrayList<>();
    for (JsonNode purpose : provision.path("purpose")) {
      String code = purpose.path("code").asText("");
      if (!code.isEmpty()) {
        purposes.add(code);
      }
    }
    return new Object[] {
      pk,
      patient.substring("Patient/".length()),
      instant(provision.path("period").path("start").asText(null)),
      instant(provision.path("period").path("end").asText(null)),
      actors.toArray(String[]::new),
      purposes.toArray(String[]::new)
    };
  }

  /** A FHIR dateTime as a timestamp; a bare date counts from its start (UTC). */
  private static @Nullable Timestamp instant(@Nullable String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Timestamp.from(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return Timestamp.from(
            Instant.parse(value.substring(0, Math.min(10, value.length())) + "T00:00:00Z"));
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
