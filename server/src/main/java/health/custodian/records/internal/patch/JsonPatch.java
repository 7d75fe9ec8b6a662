package health.custodian.records.internal.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Interim placeholder, replaced by the RFC 6902 implementation. */
public final class JsonPatch {

  private final JsonNode doc;

  private JsonPatch(JsonNode doc) {
    this.doc = doc;
  }

  public static JsonPatch parse(JsonNode doc) {
    return new JsonPatch(doc);
  }

  public ObjectNode apply(ObjectNode target) {
    return target.deepCopy();
  }
}
