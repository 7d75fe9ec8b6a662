package health.custodian.security.internal;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custodian.security.external.*}: an external OpenID Connect provider (e.g. Keycloak)
 * instead of the built-in authorization server. When {@code enabled}, Custodian is only a resource
 * server: {@code /fhir} accepts the provider's JWTs and maps their claims to a caller.
 *
 * @param enabled use the external provider; the built-in authorization server, its sign-in pages,
 *     {@code /admin} and the command line's client are switched off
 * @param issuerUri the provider's issuer ({@code iss} of its tokens), e.g. {@code
 *     https://sso.example.org/realms/custodian}
 * @param jwkSetUri where the provider publishes its signing keys; default the Keycloak location
 *     {@code <issuer-uri>/protocol/openid-connect/certs}
 * @param audience the {@code aud} value the tokens must carry (Keycloak: an audience mapper)
 * @param authorizationEndpoint advertised in SMART discovery; default Keycloak's {@code
 *     <issuer-uri>/protocol/openid-connect/auth}
 * @param tokenEndpoint advertised in SMART discovery; default Keycloak's {@code
 *     <issuer-uri>/protocol/openid-connect/token}
 * @param claims which claims carry the user id, roles, patient, scopes, actor and clearances
 * @param roleMapping provider role name to Custodian role code ({@code clinician}, {@code
 *     records-supervisor}...); provider roles not listed grant nothing
 * @param web the web workspace's own client at the provider; without a client id the workspace is
 *     unavailable in this mode
 * @param tokenTypes JOSE {@code typ} values the provider's access tokens must carry (e.g. {@code
 *     at+jwt} for a provider issuing RFC 9068 tokens; compared as media types, RFC 7515 section
 *     4.1.9); empty (default): not checked, since Keycloak and Entra ID type their access tokens
 *     {@code JWT} like their ID tokens, where the type tells nothing apart
 */
@ConfigurationProperties("custodian.security.external")
public record ExternalProviderProperties(
    @DefaultValue("false") boolean enabled,
    @Nullable String issuerUri,
    @Nullable String jwkSetUri,
    @Nullable String audience,
    @Nullable String authorizationEndpoint,
    @Nullable String tokenEndpoint,
    @DefaultValue Claims claims,
    @DefaultValue Map<String, String> roleMapping,
    @DefaultValue Web web,
    @DefaultValue List<String> tokenTypes) {

  /** The property that switches the external mode on. */
  public static final String ENABLED = "custodian.security.external.enabled";

  /**
   * Claim names; a dot reaches into a nested object ({@code realm_access.roles}).
   *
   * @param userId the caller's id in audit and break-glass ({@code preferred_username}, or {@code
   *     sub} for the provider's stable id)
   * @param roles provider role names, mapped through {@code role-mapping}
   * @param patient the FHIR Patient id a patient user is bound to (SMART launch context)
   * @param scope the granted SMART scopes (space-separated string or array)
   * @param actor FHIR references standing for the user, e.g. {@code Practitioner/123}
   * @param clearances security label codes the caller may see
   * @param client present only in tokens of a backend service (client credentials): its value is
   *     the client id (Keycloak's service-account tokens carry {@code client_id})
   */
  public record Claims(
      @DefaultValue("preferred_username") String userId,
      @DefaultValue("realm_access.roles") String roles,
      @DefaultValue("patient") String patient,
      @DefaultValue("scope") String scope,
      @DefaultValue("actor") String actor,
      @DefaultValue("clearances") String clearances,
      @DefaultValue("client_id") String client) {}

  /**
   * The web workspace as an OpenID Connect client of the provider (OpenID Connect Core 1.0,
   * authorization code flow; a confidential client authenticating with {@code
   * client_secret_basic}).
   *
   * @param clientId its client id at the provider; sign-in to the workspace is on when set
   * @param clientSecret its client secret
   * @param scope the scopes asked for at sign-in: {@code openid} and what makes the provider put
   *     the claims Custodian maps (user id, roles...) into the ID token or userinfo
   */
  public record Web(
      @Nullable String clientId,
      @Nullable String clientSecret,
      @DefaultValue("openid profile") String scope) {}

  /** Whether the web workspace signs in through the provider (external mode and a client id). */
  public boolean webSignIn() {
    return enabled && web.clientId() != null && !web.clientId().isBlank();
  }

  /** The issuer without a trailing slash; fails start-up when the external mode lacks one. */
  public String issuer() {
    if (issuerUri == null || issuerUri.isBlank()) {
      throw new IllegalStateException(
          "custodian.security.external.issuer-uri is required when " + ENABLED + "=true");
    }
    return issuerUri.endsWith("/") ? issuerUri.substring(0, issuerUri.length() - 1) : issuerUri;
  }

  public String requiredAudience() {
    if (audience == null || audience.isBlank()) {
      throw new IllegalStateException(
          "custodian.security.external.audience is required when " + ENABLED + "=true");
    }
    return audience;
  }

  public String jwks() {
    return orDefault(jwkSetUri, "/protocol/openid-connect/certs");
  }

  public String authorization() {
    return orDefault(authorizationEndpoint, "/protocol/openid-connect/auth");
  }

  public String token() {
    return orDefault(tokenEndpoint, "/protocol/openid-connect/token");
  }

  private String orDefault(@Nullable String configured, String keycloakPath) {
    return configured != null && !configured.isBlank() ? configured : issuer() + keycloakPath;
  }
}
