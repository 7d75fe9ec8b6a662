package health.custodian.records.internal.bulk;

import health.custodian.records.FhirException;
import health.custodian.records.FhirOperation;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Lists {@code $export} in the CapabilityStatement (IG v2.0.0 "Server Capability Documentation").
 * {@link BulkController} serves the three kick-off URLs; the dispatcher only reaches this bean for
 * the forms the IG does not define (e.g. {@code /fhir/Patient/123/$export}).
 */
@Component
class ExportOperation implements FhirOperation {

  @Override
  public String name() {
    return "export";
  }

  @Override
  public Set<Level> levels() {
    return Set.of(Level.SYSTEM, Level.TYPE, Level.INSTANCE);
  }

  @Override
  public Set<String> resourceTypes() {
    return Set.of("Patient", "Group");
  }

  @Override
  public String definition() {
    return "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export";
  }

  @Override
  public Result invoke(Request request) {
    throw FhirException.notFound(
        "unknown-operation",
        "$export is at /fhir/$export, /fhir/Patient/$export and /fhir/Group/{id}/$export");
  }
}
