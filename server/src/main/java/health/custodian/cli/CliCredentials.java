package health.custodian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The command line's access to a running server: the client id and secret the server wrote to
 * {@code <data>/secrets/cli.json} at start, exchanged for an access token (client credentials, RFC
 * 6749 section 4.4) that is renewed a minute before it expires.
 */
final class CliCredentials {

  private static final String SCOPES = "system/*.cruds custodian.admin";

  private final URI tokenEndpoint;
  private final String clientId;
  private final String clientSecret;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private @Nullable String token;
  private Instant renewAt = Instant.EPOCH;

  private CliCredentials(URI tokenEndpoint, String clientId, String clientSecret) {
    this.tokenEndpoint = tokenEndpoint;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  static Path file(Path data) {
    return data.resolve("secrets").resolve("cli.json");
  }

  /** Credentials for the server at {@code fhirBase} running on the data folder {@code data}. */
  static CliCredentials forServer(Path data, URI fhirBase) {
    Path file = file(data);
    try {
      JsonNode node = new ObjectMapper().readTree(file.toFile());
      String base = fhirBase.toString().replaceAll("/+$", "");
      String root = base.endsWith("/fhir") ? base.substring(0, base.length() - 5) : base;
      return new CliCredentials(
          URI.create(root + "/oauth2/token"),
          node.path("client_id").asText(),
          node.path("client_secret").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the command line's credentials " + file + " (written by the server)", e);
    }
  }

  /** The {@code Authorization} header value. */
  synchronized String authorization() {
    String current = token;
    if (current == null || Instant.now().isAfter(renewAt)) {
      current = fetch();
    }
    return "Bearer " + current;
  }

  /** The access token itself (for {@code custodian token}). */
  String accessToken() {
    return authorization().substring("Bearer ".length());
  }

  private String fetch() {
    // RFC 6749 section 2.3.1: id and secret are form-urlencoded before Basic encoding.
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (form(clientId) + ":" + form(clientSecret)).getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(tokenEndpoint)
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "grant_type=client_credentials&scope=" + form(SCOPES)))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "the server refused the command line's credentials (HTTP "
                + response.statusCode()
                + "); is "
                + tokenEndpoint
                + " the server of this data folder?");
      }
      JsonNode body = new ObjectMapper().readTree(response.body());
      String value = body.path("access_token").asText();
      long expiresIn = body.path("expires_in").asLong(300);
      token = value;
      renewAt = Instant.now().plusSeconds(Math.max(0, expiresIn - 60));
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + tokenEndpoint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String form(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
