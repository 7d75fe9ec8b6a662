package health.custodian.records.internal.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationResult;
import health.custodian.records.internal.validation.ValidationIssue.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * HAPI's complete R4 instance validator (invariants, profiles, terminology), for the {@code
 * $validate} operation and an optional full validation mode.
 *
 * <p>About 34 ms per resource here, too slow for every write, so {@link StructuralValidator} guards
 * the write path. Built on first use: creating it loads all core conformance resources (seconds,
 * hundreds of MB), which a server that never runs {@code $validate} should not pay for.
 */
@Component
public class FullValidator {

  /** Bounds messages: HAPI diagnostics can quote element values, which are patient data. */
  private static final int MAX_MESSAGE = 300;

  private final FhirContext context;
  private final Object lock = new Object();
  private volatile @Nullable FhirValidator validator;

  public FullValidator() {
    this.context = FhirContext.forR4Cached();
  }

  public List<ValidationIssue> validate(String resourceJson) {
    ValidationResult result = validator().validateWithResult(resourceJson);
    OperationOutcome outcome = (OperationOutcome) result.toOperationOutcome();
    List<ValidationIssue> issues = new ArrayList<>();
    for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
      issues.add(
          new ValidationIssue(
              severity(issue.getSeverity()),
              issue.getCode() == null ? "processing" : issue.getCode().toCode(),
              expression(issue),
              truncate(issue.getDiagnostics())));
    }
    return List.copyOf(issues);
  }

  private FhirValidator validator() {
    FhirValidator current = validator;
    if (current == null) {
      synchronized (lock) {
        current = validator;
        if (current == null) {
          current = create();
          validator = current;
        }
      }
    }
    return current;
  }

  private FhirValidator create() {
    ValidationSupportChain chain =
        new ValidationSupportChain(
            new DefaultProfileValidationSupport(context),
            new CommonCodeSystemsTerminologyService(context),
            new InMemoryTerminologyServerValidationSupport(context),
            new SnapshotGeneratingValidationSupport(context));
    FhirValidator created = context.newValidator();
    created.registerValidatorModule(new FhirInstanceValidator(chain));
    return created;
  }

  private static Severity severity(OperationOutcome.@Nullable IssueSeverity severity) {
    if (severity == null || severity == OperationOutcome.IssueSeverity.NULL) {
      return Severity.ERROR;
    }
    return Severity.valueOf(severity.toCode().toUpperCase(Locale.ROOT));
  }

  private static String expression(OperationOutcome.OperationOutcomeIssueComponent issue) {
    for (StringType e : issue.getExpression()) {
      return e.getValue();
    }
    for (StringType l : issue.getLocation()) {
      return l.getValue();
    }
    return "";
  }

  private static String truncate(@Nullable String message) {
    if (message == null) {
      return "";
    }
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
  }
}
