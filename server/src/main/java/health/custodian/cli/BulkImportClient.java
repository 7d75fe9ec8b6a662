package health.custodian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs one Bulk Data {@code $import} job over HTTP (docs/bulk-data.md): kick-off with the inputs'
 * server file paths, or, when the server may not read them (403 {@code import-path-forbidden}),
 * with {@code $import-upload}s of them; then polls the status url, passing {@code X-Progress} on,
 * and reads the manifest and the error files.
 */
final class BulkImportClient {

  private static final String FHIR_JSON = "application/fhir+json";

  /** Receives the job's progress text as the server reports it. */
  interface Progress {
    void update(String text);
  }

  /**
   * The job's outcome.
   *
   * @param loaded resources the manifest counts as loaded
   * @param rejected lines rejected, as {@code file:line: message}
   * @param uploaded whether the inputs went up as uploads (else the server read the files)
   */
  record Outcome(long loaded, List<String> rejected, boolean uploaded) {}

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final String base;
  private final ObjectMapper json;
  private final Supplier<String> authorization;
  private final Duration pollInterval;

  BulkImportClient(
      URI fhirBase, ObjectMapper json, Supplier<String> authorization, Duration pollInterval) {
    String text = fhirBase.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.json = json;
    this.authorization = authorization;
    this.pollInterval = pollInterval;
  }

  Outcome run(List<StagedInput> staged, Progress progress)
      throws IOException, InterruptedException {
    List<StagedInput> inputs = new ArrayList<>(staged);
    List<String> rejected = new ArrayList<>();
    Map<String, StagedInput> byUrl = new HashMap<>();
    for (StagedInput input : inputs) {
      byUrl.put(input.path().toAbsolutePath().toString(), input);
    }
    boolean uploaded = false;
    while (true) {
      if (inputs.isEmpty()) {
        return new Outcome(0, rejected, uploaded);
      }
      HttpResponse<String> kick = kickOff(inputs, byUrl);
      if (kick.statusCode() == 403 && code(kick.body()).equals("import-path-forbidden")) {
        // The server may not read these paths (custodian.bulk.import-dirs): send the files.
        progress.update("uploading " + inputs.size() + " files");
        byUrl = upload(inputs);
        uploaded = true;
        kick = kickOff(inputs, byUrl);
      }
      if (kick.statusCode() == 400 && code(kick.body()).equals("unknown-resource-type")) {
        // A line named a type R4 does not have: the engine refuses the whole kick-off for it.
        String diagnostics = FhirClient.outcomeDiagnostics(json.readTree(kick.body()));
        String unknown = diagnostics.substring(diagnostics.lastIndexOf(' ') + 1);
        List<StagedInput> left = new ArrayList<>();
        for (StagedInput input : inputs) {
          if (input.type().equals(unknown)) {
            for (int line = 1; line <= input.lines(); line++) {
              rejected.add(input.where(line) + ": not an R4 resource type: " + unknown);
            }
          } else {
            left.add(input);
          }
        }
        if (left.size() < inputs.size()) {
          inputs = left;
          continue;
        }
      }
      if (kick.statusCode() != 202) {
        throw new IOException(
            "$import kick-off answered "
                + kick.statusCode()
                + ": "
                + FhirClient.outcomeDiagnostics(parse(kick.body())));
      }
      URI status = URI.create(kick.headers().firstValue("Content-Location").orElseThrow());
      JsonNode manifest = poll(status, progress);
      long loaded = 0;
      for (JsonNode output : manifest.path("output")) {
        loaded += output.path("count").asLong();
      }
      for (JsonNode error : manifest.path("error")) {
        readErrors(URI.create(error.path("url").asText()), byUrl, rejected);
      }
      return new Outcome(loaded, rejected, uploaded);
    }
  }

  private HttpResponse<String> kickOff(List<StagedInput> inputs, Map<String, StagedInput> byUrl)
      throws IOException, InterruptedException {
    Map<StagedInput, String> urls = new HashMap<>();
    byUrl.forEach((url, input) -> urls.put(input, url));
    ObjectNode parameters = json.createObjectNode();
    parameters.put("resourceType", "Parameters");
    ArrayNode params = parameters.putArray("parameter");
    params.addObject().put("name", "inputFormat").put("valueCode", "application/fhir+ndjson");
    for (StagedInput input : inputs) {
      ArrayNode parts = params.addObject().put("name", "input").putArray("part");
      parts.addObject().put("name", "type").put("valueCode", input.type());
      parts.addObject().put("name", "url").put("valueUrl", urls.get(input));
    }
    HttpRequest request =
        request(URI.create(base + "/$import"))
            .header("Prefer", "respond-async")
            .header("Accept", FHIR_JSON)
            .header("Content-Type", FHIR_JSON)
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(parameters)))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Uploads every input; returns them by the url the server gave each. */
  private Map<String, StagedInput> upload(List<StagedInput> inputs)
      throws IOException, InterruptedException {
    Map<String, StagedInput> byUrl = new HashMap<>();
    for (StagedInput input : inputs) {
      HttpRequest request =
          request(URI.create(base + "/$import-upload"))
              .header("Content-Type", "application/fhir+ndjson")
              .POST(HttpRequest.BodyPublishers.ofFile(input.path()))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201) {
        throw new IOException(
            "$import-upload of "
                + input.path()
                + " answered "
                + response.statusCode()
                + ": "
                + FhirClient.outcomeDiagnostics(parse(response.body())));
      }
      byUrl.put(response.headers().firstValue("Location").orElseThrow(), input);
    }
    return byUrl;
  }

  private JsonNode poll(URI status, Progress progress) throws IOException, InterruptedException {
    while (true) {
      HttpResponse<String> response =
          http.send(request(status).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        return json.readTree(response.body());
      }
      if (response.statusCode() != 202) {
        throw new IOException(
            "$import job answered "
                + response.statusCode()
                + ": "
                + FhirClient.outcomeDiagnostics(parse(response.body())));
      }
      response.headers().firstValue("X-Progress").ifPresent(progress::update);
      Thread.sleep(pollInterval.toMillis());
    }
  }

  /**
   * An error file: one OperationOutcome per rejected line, its diagnostics beginning {@code <input
   * url> line N: } (docs/bulk-data.md, "Import"); reported as the user's {@code file:line}.
   */
  private void readErrors(URI url, Map<String, StagedInput> byUrl, List<String> rejected)
      throws IOException, InterruptedException {
    HttpResponse<InputStream> response =
        http.send(request(url).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      if (response.statusCode() != 200) {
        rejected.add(url + ": error file answered " + response.statusCode());
        return;
      }
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isBlank()) {
          rejected.add(describe(parse(line), byUrl));
        }
      }
    }
  }

  static String describe(JsonNode outcome, Map<String, StagedInput> byUrl) {
    String text = FhirClient.outcomeDiagnostics(outcome);
    for (Map.Entry<String, StagedInput> input : byUrl.entrySet()) {
      String prefix = input.getKey() + " line ";
      if (text.startsWith(prefix)) {
        int colon = text.indexOf(": ", prefix.length());
        if (colon > 0) {
          try {
            long line = Long.parseLong(text.substring(prefix.length(), colon));
            return input.getValue().where(line) + ": " + text.substring(colon + 2);
          } catch (NumberFormatException e) {
            break;
          }
        }
      }
    }
    return text;
  }

  private HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofMinutes(10))
        .header("Authorization", authorization.get());
  }

  private String code(String body) {
    for (JsonNode issue : parse(body).path("issue")) {
      for (JsonNode coding : issue.path("details").path("coding")) {
        return coding.path("code").asText("");
      }
    }
    return "";
  }

  private JsonNode parse(String body) {
    try {
      JsonNode node = json.readTree(body);
      return node == null ? json.missingNode() : node;
    } catch (IOException e) {
      return json.missingNode();
    }
  }
}
