package health.custodian.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.testsupport.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The {@code /fhir} chain is consulted before the authorization server's, which is exact only
 * because no request matches both: whichever is tried first, a FHIR or break-glass request gets the
 * resource-server chain and an authorization-server request the authorization server's.
 */
class SecurityChainsOrderTest extends IntegrationTest {

  private static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

  /** FHIR and break-glass paths, including ones that end like authorization-server endpoints. */
  private static final List<String> RESOURCE_SERVER_PATHS =
      List.of(
          "/fhir",
          "/fhir/",
          "/fhir/metadata",
          "/fhir/.well-known/smart-configuration",
          "/fhir/Observation/o1",
          "/fhir/Observation/o1/_history/1",
          "/fhir/Patient/p1/$everything",
          "/fhir/oauth2/token",
          "/fhir/oauth2/authorize",
          "/fhir/oauth2/jwks",
          "/fhir/.well-known/openid-configuration",
          "/fhir/.well-known/oauth-authorization-server",
          "/fhir/userinfo",
          "/fhir/connect/register",
          "/fhir/connect/logout",
          "/auth/break-glass",
          "/auth/break-glass/reviews",
          "/auth/oauth2/token");

  private static final List<String> AUTHORIZATION_SERVER_PATHS =
      List.of(
          "/oauth2/token",
          "/oauth2/authorize",
          "/oauth2/jwks",
          "/oauth2/revoke",
          "/oauth2/introspect",
          "/.well-known/openid-configuration",
          "/.well-known/oauth-authorization-server",
          "/userinfo");

  @Autowired List<SecurityFilterChain> chains;

  @Autowired
  @Qualifier("fhirChain")
  SecurityFilterChain fhir;

  @Autowired
  @Qualifier("authorizationServerChain")
  SecurityFilterChain authorizationServer;

  @Test
  void theFhirChainComesBeforeTheAuthorizationServersAndTheyShareNoRequest() {
    assertThat(chains.indexOf(fhir)).isLessThan(chains.indexOf(authorizationServer));
    for (String method : METHODS) {
      for (String path : RESOURCE_SERVER_PATHS) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        assertThat(fhir.matches(request)).as("%s %s on /fhir", method, path).isTrue();
        assertThat(authorizationServer.matches(request))
            .as("%s %s on the authorization server", method, path)
            .isFalse();
      }
    }
    for (String path : AUTHORIZATION_SERVER_PATHS) {
      MockHttpServletRequest get = new MockHttpServletRequest("GET", path);
      MockHttpServletRequest post = new MockHttpServletRequest("POST", path);
      assertThat(authorizationServer.matches(get) || authorizationServer.matches(post))
          .as("%s on the authorization server", path)
          .isTrue();
      for (String method : METHODS) {
        assertThat(fhir.matches(new MockHttpServletRequest(method, path)))
            .as("%s %s on /fhir", method, path)
            .isFalse();
      }
    }
  }
}
