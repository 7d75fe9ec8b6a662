package health.custodian.records.internal.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.records.FhirException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** One Bundle entry's request (R4 Bundle.entry.request), parsed and checked. */
record Entry(
    int index,
    String method,
    String url,
    @Nullable String fullUrl,
    @Nullable ObjectNode resource,
    @Nullable String ifNoneExist,
    @Nullable String ifMatch) {

  static Entry parse(int index, JsonNode entry) {
    String at = "Bundle.entry[" + index + "]";
    if (!entry.isObject()) {
      throw FhirException.badRequest("invalid-bundle", "An entry must be an object", at);
    }
    JsonNode request = entry.get("request");
    if (request == null || !request.isObject()) {
      throw FhirException.badRequest(
          "invalid-bundle",
          "Each entry of a batch or transaction needs a request",
          at + ".request");
    }
    String method = request.path("method").asText("").toUpperCase(Locale.ROOT);
    if (!method.matches("GET|HEAD|POST|PUT|PATCH|DELETE")) {
      throw FhirException.badRequest(
          "invalid-bundle", "Unknown request.method", at + ".request.method");
    }
    String url = request.path("url").asText("");
    if (url.isEmpty()) {
      throw FhirException.badRequest(
          "invalid-bundle", "request.url is required", at + ".request.url");
    }
    if (url.startsWith("/")) {
      url = url.substring(1);
    }
    JsonNode resource = entry.get("resource");
    if (resource != null && !resource.isObject()) {
      throw FhirException.badRequest(
          "invalid-bundle", "entry.resource must be an object", at + ".resource");
    }
    boolean needsResource = method.equals("POST") || method.equals("PUT");
    if (needsResource && resource == null) {
      throw FhirException.badRequest(
          "invalid-bundle", method + " entries need a resource", at + ".resource");
    }
    if (method.equals("PATCH") && resource == null) {
      throw FhirException.badRequest(
          "invalid-bundle", "PATCH entries need a Binary or Parameters resource", at + ".resource");
    }
    return new Entry(
        index,
        method,
        url,
        text(entry.get("fullUrl")),
        (ObjectNode) resource,
        text(request.get("ifNoneExist")),
        text(request.get("ifMatch")));
  }

  /**
   * The resource type the URL names ({@code Patient} in {@code Patient/1} or {@code Patient?x}).
   */
  String urlType() {
    int end = url.length();
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?') {
        end = i;
        break;
      }
    }
    return url.substring(0, end);
  }

  /** The id in {@code Type/id}, or null for a type URL or a conditional one. */
  @Nullable String urlId() {
    int q = url.indexOf('?');
    String path = q < 0 ? url : url.substring(0, q);
    String[] parts = path.split("/");
    return parts.length >= 2 ? parts[1] : null;
  }

  boolean conditional() {
    return url.indexOf('?') >= 0;
  }

  String at() {
    return "Bundle.entry[" + index + "]";
  }

  private static @Nullable String text(@Nullable JsonNode n) {
    return n == null || !n.isTextual() ? null : n.textValue();
  }
}
