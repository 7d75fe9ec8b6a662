package health.custodian.records.internal.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.springframework.stereotype.Component;

/** Interim placeholder, replaced by the compiled structural validator. */
@Component
class StructuralValidator implements ResourceValidator {

  @Override
  public List<ValidationIssue> validate(ObjectNode resource) {
    return List.of();
  }
}
