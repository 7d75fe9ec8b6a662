package health.custodian.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.custodian.access.Role;
import health.custodian.platform.RunningServer;
import health.custodian.security.UserAdministration.ClientCredentials;
import health.custodian.security.UserAdministration.NewUser;
import health.custodian.security.UserAdministration.UserInfo;
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
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Administration through the running server's {@code /admin} API. */
final class HttpAdminAccess implements AdminAccess {

  private final URI root;
  private final CliCredentials credentials;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final ObjectMapper json = new ObjectMapper();

  private HttpAdminAccess(URI root, CliCredentials credentials) {
    this.root = root;
    this.credentials = credentials;
  }

  static HttpAdminAccess connect(Path data, RunningServer server) {
    URI fhir = URI.create(server.fhirBase());
    String base = server.fhirBase().replaceAll("/+$", "");
    String root = base.endsWith("/fhir") ? base.substring(0, base.length() - 5) : base;
    return new HttpAdminAccess(URI.create(root), CliCredentials.forServer(data, fhir));
  }

  @Override
  public boolean addUser(NewUser user) {
    ObjectNode body = json.createObjectNode();
    body.put("name", user.name()).put("password", user.password());
    body.putPOJO("roles", user.roles().stream().map(Role::code).sorted().toList());
    body.put("patientId", user.patientId()).put("actorReference", user.actorReference());
    body.putPOJO("clearances", user.clearances().stream().sorted().toList());
    HttpResponse<String> r = send("POST", "/admin/users", body);
    if (r.statusCode() == 409) {
      return false;
    }
    if (r.statusCode() == 400) {
      throw new IllegalArgumentException(error(r));
    }
    expect(r, 201);
    return true;
  }

  @Override
  public List<UserInfo> listUsers() {
    HttpResponse<String> r = send("GET", "/admin/users", null);
    expect(r, 200);
    try {
      return json.readValue(r.body(), new TypeReference<List<UserInfo>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean disableUser(String name) {
    HttpResponse<String> r =
        send(
            "POST",
            "/admin/users/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/disable",
            null);
    if (r.statusCode() == 404) {
      return false;
    }
    expect(r, 204);
    return true;
  }

  @Override
  public ClientCredentials addClient(
      String name, List<String> scopes, @Nullable String redirectUri) {
    ObjectNode body = json.createObjectNode();
    body.put("name", name).put("redirectUri", redirectUri);
    body.putPOJO("scopes", scopes);
    HttpResponse<String> r = send("POST", "/admin/clients", body);
    expect(r, 200);
    try {
      JsonNode node = json.readTree(r.body());
      return new ClientCredentials(
          node.path("clientId").asText(), node.path("clientSecret").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String addKeyClient(String name, List<String> scopes, String jwksUrl) {
    ObjectNode body = json.createObjectNode();
    body.put("name", name).put("jwksUrl", jwksUrl);
    body.putPOJO("scopes", scopes);
    HttpResponse<String> r = send("POST", "/admin/clients", body);
    expect(r, 200);
    try {
      return json.readTree(r.body()).path("clientId").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String token() {
    return credentials.accessToken();
  }

  @Override
  public void close() {}

  private HttpResponse<String> send(String method, String path, @Nullable JsonNode body) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(root.resolve(path))
              .timeout(Duration.ofSeconds(60))
              .header("Authorization", credentials.authorization())
              .header("Accept", "application/json");
      if (body == null) {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        b.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + root, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void expect(HttpResponse<String> r, int status) {
    if (r.statusCode() != status) {
      throw new IllegalStateException("the server answered HTTP " + r.statusCode());
    }
  }

  private String error(HttpResponse<String> r) {
    try {
      return json.readTree(r.body()).path("error").asText("invalid request");
    } catch (IOException e) {
      return "invalid request";
    }
  }
}
