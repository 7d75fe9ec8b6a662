package health.custodian.records.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;

/** The few core invariants that are cheap to check without a FHIRPath engine. */
final class Invariants {

  private Invariants() {}

  /** R4 resource §6.1.0.5 invariants dom-2 and dom-4 on contained resources. */
  static void contained(ValidationRun run, ObjectNode node) {
    if (node.has("contained")) {
      run.error(
          "invariant",
          run.path() + ".contained",
          "a contained resource must not contain resources (dom-2)");
    }
    JsonNode meta = node.get("meta");
    if (meta != null && (meta.has("versionId") || meta.has("lastUpdated"))) {
      run.error(
          "invariant",
          run.path() + ".meta",
          "a contained resource must not have meta.versionId or meta.lastUpdated (dom-4)");
    }
  }

  /** R4 invariant ext-1: an extension has either nested extensions or a value[x], not both. */
  static void extension(ValidationRun run, ObjectNode node) {
    boolean nested = node.has("extension");
    boolean value = false;
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (name.startsWith("value") || name.startsWith("_value")) {
        value = true;
      }
    }
    if (nested == value) {
      run.error(
          "invariant",
          run.path(),
          nested
              ? "an extension must not have both nested extensions and a value (ext-1)"
              : "an extension must have either nested extensions or a value (ext-1)");
    }
  }
}
