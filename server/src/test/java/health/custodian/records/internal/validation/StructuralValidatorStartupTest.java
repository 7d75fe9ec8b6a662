package health.custodian.records.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** Spring builds the validator without waiting for the model; the first call waits for it. */
class StructuralValidatorStartupTest {

  @Test
  void springCreatesItAndTheFirstValidationWaitsForTheModel() throws Exception {
    ObjectNode patient =
        (ObjectNode) new ObjectMapper().readTree("{\"resourceType\":\"Patient\",\"gender\":\"x\"}");
    try (var context = new AnnotationConfigApplicationContext(StructuralValidator.class)) {
      StructuralValidator validator = context.getBean(StructuralValidator.class);

      assertThat(validator.validate(patient))
          .extracting(ValidationIssue::expression)
          .containsExactly("Patient.gender");
    }
  }
}
