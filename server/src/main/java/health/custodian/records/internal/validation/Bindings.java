package health.custodian.records.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Required-binding checks (R4 terminologies §4.1.1, strength "required").
 *
 * <p>Codings are judged only when their system is one of the value set's systems: a coding from
 * another system (or none) cannot be proven wrong by this validator, and a false error on a write
 * is worse than a missed one.
 */
final class Bindings {

  private Bindings() {}

  static void code(ValidationRun run, ElementModel element, String code) {
    CodeSet set = element.binding();
    if (set != null && !set.allCodes().contains(code)) {
      run.error(
          "code-invalid",
          run.path(),
          "code " + Formats.show(code) + " is not in the required value set " + set.url());
    }
  }

  static void complex(ValidationRun run, String type, CodeSet set, ObjectNode value) {
    if (type.equals("Coding")) {
      coding(run, set, value);
    } else if (type.equals("CodeableConcept")) {
      codeableConcept(run, set, value);
    }
  }

  private static void coding(ValidationRun run, CodeSet set, ObjectNode coding) {
    JsonNode system = coding.get("system");
    JsonNode code = coding.get("code");
    if (system != null
        && code != null
        && system.isTextual()
        && code.isTextual()
        && set.coversSystem(system.textValue())
        && !set.contains(system.textValue(), code.textValue())) {
      run.error(
          "code-invalid",
          run.path() + ".code",
          "code "
              + Formats.show(code.textValue())
              + " is not in the required value set "
              + set.url());
    }
  }

  /** Valid when some coding is in the set; an error only if codings of its systems all miss. */
  private static void codeableConcept(ValidationRun run, CodeSet set, ObjectNode concept) {
    JsonNode codings = concept.get("coding");
    if (codings == null || !codings.isArray()) {
      return;
    }
    boolean judged = false;
    for (JsonNode coding : codings) {
      JsonNode system = coding.get("system");
      JsonNode code = coding.get("code");
      if (system == null || code == null || !system.isTextual() || !code.isTextual()) {
        continue;
      }
      if (set.coversSystem(system.textValue())) {
        if (set.contains(system.textValue(), code.textValue())) {
          return;
        }
        judged = true;
      }
    }
    if (judged) {
      run.error("code-invalid", run.path(), "no coding is in the required value set " + set.url());
    }
  }
}
