package health.custodian.records.internal.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import health.custodian.records.FhirException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The continuation of a sorted search: the sort values and pk of the last row returned (a keyset),
 * the highest pk when the search began, the total (-1 when not counted) and the query hash.
 */
record SortToken(
    List<@Nullable String> lastValues, long lastPk, long maxPk, long total, String queryHash) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VERSION = "s1";

  String encode() {
    ArrayNode a = JSON.createArrayNode().add(VERSION).add(lastPk).add(maxPk).add(total);
    a.add(queryHash);
    ArrayNode values = a.addArray();
    lastValues.forEach(values::add);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(a.toString().getBytes(StandardCharsets.UTF_8));
  }

  static SortToken decode(String token, String expectedHash, int keys) {
    try {
      JsonNode a = JSON.readTree(Base64.getUrlDecoder().decode(token));
      if (a.isArray()
          && a.size() == 6
          && a.get(0).asText().equals(VERSION)
          && a.get(4).asText().equals(expectedHash)
          && a.get(5).size() == keys) {
        List<@Nullable String> values = new ArrayList<>();
        a.get(5).forEach(v -> values.add(v.isNull() ? null : v.asText()));
        return new SortToken(
            values, a.get(1).asLong(), a.get(2).asLong(), a.get(3).asLong(), a.get(4).asText());
      }
    } catch (java.io.IOException | IllegalArgumentException e) {
      // Falls through to the error below: a token we did not issue.
    }
    throw FhirException.badRequest(
        "invalid-page-token", "The page token is invalid or belongs to another search", null);
  }
}
