package health.custodian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Sends import requests to a FHIR server over plain HTTP, as any other client would. */
final class FhirClient {

  private static final String FHIR_JSON = "application/fhir+json";

  private final HttpClient http;
  private final URI base;
  private final ObjectMapper json;
  private final Duration timeout;
  private final Supplier<@Nullable String> authorization;

  FhirClient(URI base, ObjectMapper json, Duration timeout) {
    this(base, json, timeout, () -> null);
  }

  /** A client that sends {@code authorization} (e.g. {@code Bearer ...}) with every request. */
  FhirClient(
      URI base, ObjectMapper json, Duration timeout, Supplier<@Nullable String> authorization) {
    this.authorization = authorization;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
    this.json = json;
    this.timeout = timeout;
  }

  URI base() {
    return base;
  }

  /**
   * Bundles go to the base itself, without the trailing slash: Spring MVC no longer matches {@code
   * /fhir/} to {@code /fhir}, so a Bundle posted there was a 404.
   */
  private URI target(String path) {
    if (path.isEmpty()) {
      String text = base.toString();
      return URI.create(text.substring(0, text.length() - 1));
    }
    return base.resolve(path);
  }

  /**
   * Sends one request. A failed transaction is one failure; a batch is judged entry by entry.
   *
   * @return the failures, empty when everything was stored
   */
  Result send(ImportRequest request) throws IOException, InterruptedException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(target(request.path()));
    String auth = authorization.get();
    if (auth != null) {
      builder.header("Authorization", auth);
    }
    HttpRequest http =
        builder
            .timeout(timeout)
            .header("Content-Type", FHIR_JSON)
            .header("Accept", FHIR_JSON)
            // The client only needs the outcome, not the stored resources echoed back.
            .header("Prefer", "return=minimal")
            .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()))
            .build();
    HttpResponse<byte[]> response = this.http.send(http, HttpResponse.BodyHandlers.ofByteArray());
    int status = response.statusCode();
    if (status < 200 || status >= 300) {
      return new Result(
          status,
          List.of(
              new ImportFailure(
                  request.file(), request.location(), status, diagnostics(response.body()))));
    }
    if (request.isBundle()) {
      return new Result(status, batchFailures(request, response.body()));
    }
    return new Result(status, List.of());
  }

  /**
   * {@code POST [type]/_search} with a form body (R4 search 3.1.1.1): the first page of the
   * searchset Bundle. Anything but 200 is an IOException naming the server's diagnostics.
   */
  JsonNode search(String type, String form) throws IOException, InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(target(type + "/_search"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    return page(builder);
  }

  /** The page a searchset Bundle's {@code next} link names, or null on the last page. */
  @Nullable JsonNode next(JsonNode bundle) throws IOException, InterruptedException {
    for (JsonNode link : bundle.path("link")) {
      if ("next".equals(link.path("relation").asText())) {
        return page(HttpRequest.newBuilder(URI.create(link.path("url").asText())).GET());
      }
    }
    return null;
  }

  private JsonNode page(HttpRequest.Builder builder) throws IOException, InterruptedException {
    String auth = authorization.get();
    if (auth != null) {
      builder.header("Authorization", auth);
    }
    HttpRequest request = builder.timeout(timeout).header("Accept", FHIR_JSON).build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException(
          "search answered " + response.statusCode() + ": " + diagnostics(response.body()));
    }
    return parse(response.body());
  }

  /** A batch answers 200 even when some entries failed; each entry has its own status. */
  private List<ImportFailure> batchFailures(ImportRequest request, byte[] body) {
    List<ImportFailure> failures = new ArrayList<>();
    JsonNode answer = parse(body);
    if (!"batch-response".equals(answer.path("type").asText())) {
      return failures;
    }
    JsonNode entries = answer.path("entry");
    for (int i = 0; i < entries.size(); i++) {
      JsonNode response = entries.get(i).path("response");
      int status = statusCode(response.path("status").asText(""));
      if (status < 200 || status >= 300) {
        failures.add(
            new ImportFailure(
                request.file(),
                "entry " + (i + 1),
                status,
                outcomeDiagnostics(response.path("outcome"))));
      }
    }
    return failures;
  }

  private String diagnostics(byte[] body) {
    JsonNode node = parse(body);
    if ("Bundle".equals(node.path("resourceType").asText())) {
      // Some servers answer a failed transaction with a response bundle: report its first error.
      for (JsonNode entry : node.path("entry")) {
        JsonNode outcome = entry.path("response").path("outcome");
        if (!outcome.isMissingNode()) {
          return outcomeDiagnostics(outcome);
        }
      }
    }
    return outcomeDiagnostics(node);
  }

  /** Only the OperationOutcome's own texts: never echo anything else the server sent back. */
  static String outcomeDiagnostics(JsonNode outcome) {
    if (!"OperationOutcome".equals(outcome.path("resourceType").asText())) {
      return "no OperationOutcome in the response";
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode issue : outcome.path("issue")) {
      String text = issue.path("diagnostics").asText("");
      if (text.isBlank()) {
        text = issue.path("details").path("text").asText("");
      }
      if (text.isBlank()) {
        text = issue.path("code").asText("");
      }
      if (!text.isBlank()) {
        texts.add(text);
      }
    }
    return texts.isEmpty() ? "OperationOutcome without diagnostics" : String.join("; ", texts);
  }

  private JsonNode parse(byte[] body) {
    try {
      JsonNode node = json.readTree(body);
      return node == null ? json.missingNode() : node;
    } catch (IOException e) {
      return json.missingNode();
    }
  }

  /** FHIR puts the code first in {@code response.status}, e.g. {@code "201 Created"}. */
  static int statusCode(String status) {
    String digits = status.strip().split("\\s+", 2)[0];
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * The server's answer to one request.
   *
   * @param status the HTTP status
   * @param failures what was not stored
   */
  record Result(int status, List<ImportFailure> failures) {}
}
