package health.custodian.web.internal.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/**
 * The workspace's JSON: parses stored resources into Jackson trees (the record store keeps raw JSON
 * text; HAPI's model would be several times slower here) and writes view data.
 */
@Component
public class JsonTrees {

  private final ObjectMapper mapper = new ObjectMapper();

  /** Parses stored JSON, which the store guarantees to be well formed. */
  public JsonNode parse(String json) {
    try {
      return mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is not readable", e);
    }
  }

  public ObjectNode object() {
    return mapper.createObjectNode();
  }

  String write(Object value) throws JsonProcessingException {
    return mapper.writeValueAsString(value);
  }
}
