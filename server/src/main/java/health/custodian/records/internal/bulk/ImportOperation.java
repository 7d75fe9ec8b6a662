package health.custodian.records.internal.bulk;

import health.custodian.records.FhirException;
import health.custodian.records.FhirOperation;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Lists {@code $import} in the CapabilityStatement; {@link BulkController} serves {@code POST
 * /fhir/$import}, so the dispatcher reaches this bean only for other forms.
 */
@Component
class ImportOperation implements FhirOperation {

  @Override
  public String name() {
    return "import";
  }

  @Override
  public Set<Level> levels() {
    return Set.of(Level.SYSTEM);
  }

  @Override
  public boolean affectsState() {
    return true;
  }

  @Override
  public String definition() {
    return "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/import";
  }

  @Override
  public Result invoke(Request request) {
    throw FhirException.notFound("unknown-operation", "$import is at POST /fhir/$import");
  }
}
