package health.custodian.security;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.testsupport.IntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The workspace's sign-in while the external OpenID Connect provider cannot be reached: the server
 * has started all the same, and a sign-in answers a designed page (503, try again) and is audited.
 */
class ExternalWebSignInDownTest extends IntegrationTest {

  /** A port nobody listens on. */
  private static final int CLOSED_PORT = closedPort();

  @DynamicPropertySource
  static void external(DynamicPropertyRegistry registry) {
    registry.add("custodian.security.external.enabled", () -> "true");
    registry.add(
        "custodian.security.external.issuer-uri",
        () -> "http://127.0.0.1:" + CLOSED_PORT + "/realms/custodian");
    registry.add("custodian.security.external.audience", () -> "custodian-fhir");
    registry.add("custodian.security.external.role-mapping.doctor", () -> "clinician");
    registry.add("custodian.security.external.web.client-id", () -> "custodian-web");
    registry.add("custodian.security.external.web.client-secret", () -> "secret");
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aSignInWhileTheProviderIsDownAnswersAPage() throws Exception {
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    HttpResponse<String> page =
        browser.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).as(page.body()).isEqualTo(503);
    assertThat(page.uri().getPath()).isEqualTo("/sso/authorization/custodian");
    assertThat(page.headers().firstValue("Retry-After")).contains("30");
    assertThat(page.body()).contains("Sign-in unavailable").contains("app.css");
    assertThat(audit.ofSubtype("login-failed"))
        .anySatisfy(r -> assertThat(r.detail()).isEqualTo("sso-unavailable"));
  }
}
