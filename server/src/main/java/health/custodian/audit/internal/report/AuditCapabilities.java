package health.custodian.audit.internal.report;

import health.custodian.records.CapabilityContribution;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What the audit module serves, for the CapabilityStatement: AuditEvent search and read from the
 * chained log ({@link AuditEventController}, the parameters of {@link SearchParams}) and {@code
 * Patient/$disclosures} ({@link DisclosuresController}).
 */
@Component
class AuditCapabilities implements CapabilityContribution {

  @Override
  public List<ServedType> servedTypes() {
    return List.of(
        new ServedType(
            "AuditEvent",
            List.of("read", "search-type"),
            Map.of(
                "patient", "reference",
                "agent", "reference",
                "action", "token",
                "outcome", "token",
                "subtype", "token",
                "date", "date")));
  }

  @Override
  public List<TypeOperation> operations() {
    // A Custodian operation: no OperationDefinition is published in the FHIR specification.
    return List.of(
        new TypeOperation(
            "Patient",
            "disclosures",
            "https://custodian.health/fhir/OperationDefinition/disclosures"));
  }
}
