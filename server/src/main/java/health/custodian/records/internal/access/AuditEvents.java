package health.custodian.records.internal.access;

import health.custodian.access.Interaction;
import health.custodian.records.FhirException;
import java.util.Collection;

/**
 * AuditEvent is served by the audit module from its chained log ({@code /fhir/AuditEvent},
 * search-type and read), never by the record store (issue #5): a stored copy could be forged or
 * edited, and reads through the store would bypass the audit module's own access rules. Every
 * record-store interaction naming the type is refused with 405, the answer R4 3.1.0 gives for an
 * interaction the server does not support on a type, with a stable code.
 */
final class AuditEvents {

  static final String TYPE = "AuditEvent";

  private AuditEvents() {}

  /** Refuses {@code interaction} when {@code type} is AuditEvent. */
  static void refuse(Interaction interaction, String type) {
    if (!TYPE.equals(type)) {
      return;
    }
    throw switch (interaction) {
      case CREATE, UPDATE, PATCH, DELETE, IMPORT ->
          new FhirException(
              405,
              "audit-read-only",
              "not-supported",
              "AuditEvents are written by the server only; "
                  + interaction.name().toLowerCase(java.util.Locale.ROOT)
                  + " is not allowed");
      case HISTORY, VREAD ->
          new FhirException(
              405,
              "audit-no-history",
              "not-supported",
              "AuditEvents are never changed: they have no versions or history; read them at"
                  + " /fhir/AuditEvent/{id}");
      default ->
          new FhirException(
              405,
              "audit-not-in-record-store",
              "not-supported",
              "AuditEvents are served from the audit log: search and read them at"
                  + " /fhir/AuditEvent and /fhir/AuditEvent/{id}");
    };
  }

  static void refuseAny(Interaction interaction, Collection<String> types) {
    for (String type : types) {
      refuse(interaction, type);
    }
  }
}
