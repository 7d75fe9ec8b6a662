package health.custodian.records.internal.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Checks one resource (JSON tree, R4 JSON format) and reports what is wrong with it. */
public interface ResourceValidator {

  List<ValidationIssue> validate(ObjectNode resource);
}
