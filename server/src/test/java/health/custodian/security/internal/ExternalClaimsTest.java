package health.custodian.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.custodian.access.AccessDeniedException;
import health.custodian.access.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class ExternalClaimsTest {

  private static ExternalProviderProperties properties(
      ExternalProviderProperties.Claims claims, Map<String, String> mapping) {
    return new ExternalProviderProperties(
        true,
        "https://sso.example.org/realms/c/",
        null,
        "fhir",
        null,
        null,
        claims,
        mapping,
        new ExternalProviderProperties.Web(null, null, "openid profile"),
        List.of());
  }

  private static ExternalProviderProperties.Claims defaults() {
    return new ExternalProviderProperties.Claims(
        "preferred_username",
        "realm_access.roles",
        "patient",
        "scope",
        "actor",
        "clearances",
        "client_id");
  }

  private static Map<String, Object> jwt(Map<String, Object> claims) {
    return new Jwt(
            "t", Instant.now(), Instant.now().plusSeconds(60), Map.of("alg", "RS256"), claims)
        .getClaims();
  }

  @Test
  void mapsKeycloakNestedRolesAndIgnoresUnmappedOnes() {
    ExternalClaims claims =
        new ExternalClaims(
            properties(defaults(), Map.of("doctor", "clinician", "him", "RECORDS_SUPERVISOR")));
    Map<String, Object> token =
        jwt(
            Map.of(
                "preferred_username", "dr.grey",
                "realm_access", Map.of("roles", List.of("doctor", "him", "offline_access")),
                "scope", "openid user/*.rs",
                "patient", "123"));
    assertThat(claims.roles(token))
        .containsExactlyInAnyOrder(Role.CLINICIAN, Role.RECORDS_SUPERVISOR);
    assertThat(claims.userId(token)).isEqualTo("dr.grey");
    assertThat(claims.scopes(token)).containsExactlyInAnyOrder("openid", "user/*.rs");
    assertThat(claims.patient(token)).isEqualTo("123");
    assertThat(claims.clientId(token)).isNull();
  }

  @Test
  void readsClientRolesArraysAndClaimsNamedWithADot() {
    ExternalProviderProperties.Claims names =
        new ExternalProviderProperties.Claims(
            "sub",
            "resource_access.custodian.roles",
            "ext.patient",
            "scp",
            "fhirUser",
            "clearances",
            "client_id");
    ExternalClaims claims = new ExternalClaims(properties(names, Map.of("coder", "coder")));
    Map<String, Object> token =
        jwt(
            Map.of(
                "sub",
                "f81d",
                "resource_access",
                Map.of("custodian", Map.of("roles", List.of("coder"))),
                "ext.patient",
                "p-9",
                "scp",
                List.of("user/Claim.crus"),
                "fhirUser",
                "Practitioner/7",
                "clearances",
                List.of("R", "PSY")));
    assertThat(claims.roles(token)).containsExactly(Role.CODER);
    assertThat(claims.patient(token)).isEqualTo("p-9");
    assertThat(claims.scopes(token)).containsExactly("user/Claim.crus");
    assertThat(claims.actors(token)).containsExactly("Practitioner/7");
    assertThat(claims.clearances(token)).containsExactlyInAnyOrder("R", "PSY");
  }

  @Test
  void serviceAccountsAreClientsAndUsersNeedAnId() {
    ExternalClaims claims = new ExternalClaims(properties(defaults(), Map.of()));
    assertThat(claims.clientId(jwt(Map.of("client_id", "loader", "sub", "x")))).isEqualTo("loader");
    assertThatThrownBy(() -> claims.userId(jwt(Map.of("sub", "x"))))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void aMappingToAnUnknownRoleFailsStartUp() {
    assertThatThrownBy(() -> new ExternalClaims(properties(defaults(), Map.of("x", "nurse"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keycloakEndpointsDeriveFromTheIssuer() {
    ExternalProviderProperties p = properties(defaults(), Map.of());
    assertThat(p.issuer()).isEqualTo("https://sso.example.org/realms/c");
    assertThat(p.jwks())
        .isEqualTo("https://sso.example.org/realms/c/protocol/openid-connect/certs");
    assertThat(p.token())
        .isEqualTo("https://sso.example.org/realms/c/protocol/openid-connect/token");
  }
}
