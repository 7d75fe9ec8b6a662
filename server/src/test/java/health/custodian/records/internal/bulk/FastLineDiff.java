package health.custodian.records.internal.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import health.custodian.records.internal.json.FhirJson;
import health.custodian.records.internal.storage.References;
import health.custodian.records.internal.validation.StructuralValidator;
import health.custodian.records.internal.write.ResourceChecks;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Both ways of checking an import line, for the differential tests: the tree path as {@code
 * ImportRunner.check} runs it (parse, type, id, structural validation, meta, canonical tail,
 * reference keys) and the streaming {@link FastLine}.
 */
final class FastLineDiff {

  /** One compiled model for the test JVM (compiled in the background, seconds). */
  static final StructuralValidator VALIDATOR = new StructuralValidator();

  /**
   * What a path found for an accepted line.
   *
   * @param id the id, if any
   * @param keys the local reference keys in order
   * @param tail the canonical tail start, or -1
   */
  record Outcome(@Nullable String id, List<String> keys, int tail) {}

  private FastLineDiff() {}

  static @Nullable Outcome fast(String type, byte[] line) {
    FastLine.Facts facts = FastLine.check(VALIDATOR::validLine, type, line);
    return facts == null ? null : new Outcome(facts.id(), List.copyOf(facts.keys()), facts.tail());
  }

  /** The tree path's outcome; null when it rejects the line or reports any validation issue. */
  static @Nullable Outcome tree(String type, byte[] line) {
    ObjectNode resource;
    try {
      resource = FhirJson.parseResource(line);
    } catch (FhirException e) {
      return null;
    }
    JsonNode rt = resource.get("resourceType");
    if (rt == null || !rt.isTextual() || !rt.textValue().equals(type)) {
      return null;
    }
    JsonNode idNode = resource.get("id");
    String id = null;
    if (idNode != null) {
      id = idNode.asText();
      if (!idNode.isTextual() || !ResourceChecks.isValidId(id)) {
        return null;
      }
    }
    if (!VALIDATOR.validate(resource).isEmpty()) {
      return null;
    }
    boolean spliceable = ImportRunner.spliceableMeta(resource);
    int tail =
        id != null && spliceable
            ? CanonicalLine.tailStart(type, id, resource.has("meta"), line)
            : -1;
    return new Outcome(id, List.copyOf(References.localKeys(resource)), tail);
  }
}
