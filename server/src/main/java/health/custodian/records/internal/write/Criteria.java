package health.custodian.records.internal.write;

import health.custodian.records.FhirException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The search criteria of a conditional interaction ({@code identifier=sys|val&...}). */
public record Criteria(Map<String, List<String>> parameters) {

  /** Parses a query string (with or without a leading {@code Type?}). */
  public static Criteria parse(String query) {
    String q = query;
    int question = q.indexOf('?');
    if (question >= 0) {
      q = q.substring(question + 1);
    }
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (String pair : q.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    if (params.isEmpty()) {
      throw FhirException.badRequest(
          "invalid-condition", "A conditional request needs search criteria", null);
    }
    return new Criteria(params);
  }

  public static Criteria of(Map<String, List<String>> parameters) {
    if (parameters.isEmpty()) {
      throw FhirException.badRequest(
          "invalid-condition", "A conditional request needs search criteria", null);
    }
    return new Criteria(parameters);
  }

  /** A canonical text of the criteria for one type, the key of its advisory lock. */
  public String lockKey(String type) {
    StringBuilder key = new StringBuilder(type).append('?');
    new TreeMap<>(parameters)
        .forEach(
            (k, values) ->
                values.stream()
                    .sorted()
                    .forEach(v -> key.append(k).append('=').append(v).append('&')));
    return key.toString();
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw FhirException.badRequest(
          "invalid-condition", "Malformed URL encoding in criteria", null);
    }
  }
}
