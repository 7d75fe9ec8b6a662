package health.custodian.records.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FullValidatorTest {

  @Test
  void reportsACodeOutsideTheRequiredValueSet() {
    FullValidator validator = new FullValidator();

    List<ValidationIssue> issues =
        validator.validate("{\"resourceType\":\"Patient\",\"gender\":\"bogus\"}");

    assertThat(issues)
        .filteredOn(i -> i.severity().blocking())
        .extracting(ValidationIssue::expression)
        .contains("Patient.gender");
  }
}
