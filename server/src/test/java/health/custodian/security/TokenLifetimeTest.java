package health.custodian.security;

import static health.custodian.security.SignInForms.browser;
import static health.custodian.security.SignInForms.enc;
import static health.custodian.security.SignInForms.post;
import static health.custodian.security.TokenRefusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.access.AuditRecord;
import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Token lifetimes and refresh as configured (docs/security.md, "Lifetimes"), through the real
 * authorization code grant: an access token lives {@code access-token-ttl} and is refused (401)
 * after it; a refresh token issues a new access token and is rotated (the used one is refused); a
 * refresh token lives {@code refresh-token-ttl}; a user disabled since signing in gets no new
 * token. Short lifetimes and no clock skew, so that expiry happens within the test.
 */
@TestPropertySource(
    properties = {
      "custodian.security.access-token-ttl=3s",
      "custodian.security.refresh-token-ttl=5s",
      "custodian.security.clock-skew=0s"
    })
class TokenLifetimeTest extends IntegrationTest {

  private static final String REDIRECT = "http://127.0.0.1:9/callback";

  @Autowired UserAdministration admin;

  private final Caller by = Caller.system("test");

  private String root() {
    return "http://localhost:" + port;
  }

  @Test
  void accessTokensExpireAfterTheirLifetimeAndRefreshTokensRotateAndExpire() throws Exception {
    UserAdministration.ClientCredentials app = app("life-app");
    JsonNode first = signInAndExchange(app, "life-user");
    String access1 = first.path("access_token").asText();
    String refresh1 = first.path("refresh_token").asText();
    JsonNode claims = claims(access1);
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(3);
    assertThat(first.path("expires_in").asInt()).isBetween(2, 3);
    assertThat(read(access1).statusCode()).isEqualTo(200);

    // Refresh: a new access token and, rotated, a new refresh token; the used one is refused.
    JsonNode second = refresh(app, refresh1);
    String refresh2 = second.path("refresh_token").asText();
    assertThat(refresh2).isNotEmpty().isNotEqualTo(refresh1);
    assertThat(second.path("access_token").asText()).isNotEqualTo(access1);
    assertThat(read(second.path("access_token").asText()).statusCode()).isEqualTo(200);
    assertThat(refreshRefused(app, refresh1)).isEqualTo(400);

    // After its lifetime the first access token is refused; the rotated refresh token still works.
    sleepUntil(Instant.ofEpochSecond(claims.path("exp").asLong()).plusMillis(1100));
    assertRefused(read(access1), "invalid-token");
    JsonNode third = refresh(app, refresh2);
    assertThat(read(third.path("access_token").asText()).statusCode()).isEqualTo(200);

    // A refresh token past its lifetime is refused.
    Instant refreshed =
        Instant.ofEpochSecond(claims(third.path("access_token").asText()).path("iat").asLong());
    sleepUntil(refreshed.plusSeconds(5).plusMillis(1100));
    assertThat(refreshRefused(app, third.path("refresh_token").asText())).isEqualTo(400);
  }

  @Test
  void aUserDisabledSinceSigningInCannotRefresh() throws Exception {
    UserAdministration.ClientCredentials app = app("disabled-app");
    JsonNode tokens = signInAndExchange(app, "life-disabled");
    assertThat(admin.disableUser(by, "life-disabled")).isTrue();
    audit.clear();

    assertThat(refreshRefused(app, tokens.path("refresh_token").asText())).isEqualTo(400);
    assertThat(audit.ofSubtype("token-issue")).isEmpty();
    assertThat(audit.ofSubtype("login-failed"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.detail()).isEqualTo("token-invalid-grant");
              assertThat(r.caller().id()).isEqualTo(app.clientId());
              assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.MINOR_FAILURE);
            });
    // The access token already issued lives out its lifetime (documented: at most the TTL).
    assertThat(read(tokens.path("access_token").asText()).statusCode()).isEqualTo(200);
  }

  private UserAdministration.ClientCredentials app(String name) {
    return admin.addClient(by, name, List.of("patient/*.rs", "launch/patient"), REDIRECT);
  }

  /** Adds a patient user (no second factor), signs in, and exchanges a code with PKCE. */
  private JsonNode signInAndExchange(UserAdministration.ClientCredentials app, String user)
      throws Exception {
    String password = "lifetime password";
    assertThat(
            admin.addUser(
                by,
                new UserAdministration.NewUser(
                    user, password, Set.of(Role.PATIENT), "pt-" + user, null, Set.of())))
        .isTrue();
    HttpClient browser = browser();
    assertThat(SignInForms.signIn(browser, root(), user, password).statusCode()).isEqualTo(302);
    String verifier = "lifetime-verifier-" + "z".repeat(40);
    String authCode =
        SignInForms.authorizationCode(
            browser, root(), app.clientId(), REDIRECT, "patient/*.rs launch/patient", verifier);
    HttpResponse<String> token =
        token(
            app,
            "grant_type=authorization_code&code="
                + enc(authCode)
                + "&redirect_uri="
                + enc(REDIRECT)
                + "&code_verifier="
                + enc(verifier));
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    return Json.parse(token.body());
  }

  private JsonNode refresh(UserAdministration.ClientCredentials app, String refreshToken)
      throws Exception {
    HttpResponse<String> answer =
        token(app, "grant_type=refresh_token&refresh_token=" + enc(refreshToken));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return Json.parse(answer.body());
  }

  /** The status of a refused refresh, which must be the OAuth 2.0 invalid_grant. */
  private int refreshRefused(UserAdministration.ClientCredentials app, String refreshToken)
      throws Exception {
    HttpResponse<String> answer =
        token(app, "grant_type=refresh_token&refresh_token=" + enc(refreshToken));
    assertThat(Json.parse(answer.body()).path("error").asText()).isEqualTo("invalid_grant");
    return answer.statusCode();
  }

  private HttpResponse<String> token(UserAdministration.ClientCredentials app, String form)
      throws Exception {
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (enc(app.clientId()) + ":" + enc(app.clientSecret()))
                        .getBytes(StandardCharsets.UTF_8));
    return post(HttpClient.newHttpClient(), root() + "/oauth2/token", form, basic);
  }

  private HttpResponse<String> read(String accessToken) {
    return Http.anonymous(fhirBase()).get("/Patient", "Authorization", "Bearer " + accessToken);
  }

  private static void sleepUntil(Instant when) throws InterruptedException {
    long millis = when.toEpochMilli() - System.currentTimeMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  private static JsonNode claims(String jwt) {
    return Json.parse(
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
  }
}
