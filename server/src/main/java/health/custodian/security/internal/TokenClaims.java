package health.custodian.security.internal;

import health.custodian.access.Role;
import health.custodian.security.internal.user.UserAccount;
import health.custodian.security.internal.user.UserService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

/**
 * The claims of Custodian access tokens, from which {@link JwtCallerContext} builds the caller:
 * {@code iss}, {@code aud} (the FHIR base), {@code jti}, {@code sub} (user name or client id),
 * {@code kind} ({@code user} or {@code client}), {@code scope}, and for users {@code roles} (role
 * codes), {@code patient}, {@code actor} (FHIR references), {@code clearances} (label codes);
 * clients carry the clearances they were registered with. Access tokens are signed with ES256 (ID
 * tokens keep RS256) and typed {@code at+jwt} (RFC 9068 section 2.1). Each issue is audited as
 * {@code token-issue}.
 */
@Component
class TokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

  private final Issuer issuer;
  private final UserService users;
  private final SecurityAudit audit;

  TokenClaims(Issuer issuer, UserService users, SecurityAudit audit) {
    this.issuer = issuer;
    this.users = users;
    this.audit = audit;
  }

  @Override
  public void customize(JwtEncodingContext context) {
    if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
      return;
    }
    // ES256 by the server's EC key (TokenConfiguration): RFC 9068 section 2.1 lets the server
    // choose the algorithm; ID tokens keep the RS256 default of the client's token settings.
    // typ at+jwt: RFC 9068 section 2.1, checked by the resource side (AccessTokenTypes); ID tokens
    // stay untyped, which the resource side refuses.
    context.getJwsHeader().algorithm(SignatureAlgorithm.ES256).type(AccessTokenTypes.AT_JWT);
    var claims = context.getClaims();
    claims.issuer(issuer.issuer());
    claims.audience(stored(List.of(issuer.audience())));
    String jti = UUID.randomUUID().toString();
    claims.id(jti);
    claims.claim(TokenClaimNames.SCOPE, String.join(" ", context.getAuthorizedScopes()));
    // RFC 9068 section 2.2: client_id is required. Callers are built from kind, never from it.
    claims.claim(TokenClaimNames.CLIENT_ID, context.getRegisteredClient().getClientId());
    // nbf would repeat iat (the generator sets both to the same instant); RFC 9068 section 2.2
    // does not ask for it and a token without it is checked exactly as one where it equals iat.
    claims.claims(c -> c.remove(JwtClaimNames.NBF));
    if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
      claims.claim(TokenClaimNames.KIND, "client");
      claims.claim(
          TokenClaimNames.CLEARANCES,
          stored(
              ClientRegistry.clearancesOf(context.getRegisteredClient()).stream()
                  .sorted()
                  .toList()));
      audit.success(
          Callers.client(
              context.getRegisteredClient().getClientId(),
              context.getAuthorizedScopes(),
              Set.of(),
              Requests.address(),
              jti),
          "token-issue",
          "client_credentials");
      return;
    }
    String name = context.getPrincipal().getName();
    // The authorization code and refresh token grants act for a user: one disabled (or gone)
    // since signing in gets no new token (docs/security.md, "Lifetimes"). Thrown here, the
    // refusal is the token endpoint's invalid_grant (RFC 6749 section 5.2: the grant or refresh
    // token "is invalid, expired, revoked ..."), audited by TokenRequestFailures.
    UserAccount user =
        users
            .find(name)
            .filter(u -> !u.disabled())
            .orElseThrow(
                () ->
                    new OAuth2AuthenticationException(
                        new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT)));
    claims.claim(TokenClaimNames.KIND, "user");
    claims.claim(
        TokenClaimNames.ROLES, stored(user.roles().stream().map(Role::code).sorted().toList()));
    claims.claim(TokenClaimNames.CLEARANCES, stored(user.clearances().stream().sorted().toList()));
    if (user.patientId() != null) {
      claims.claim(TokenClaimNames.PATIENT, user.patientId());
    }
    if (user.actorReference() != null) {
      claims.claim(TokenClaimNames.ACTOR, stored(List.of(user.actorReference())));
    }
    audit.success(
        Callers.user(user, context.getAuthorizedScopes(), null, Requests.address(), jti),
        "token-issue",
        context.getAuthorizationGrantType().getValue());
  }

  /**
   * A list claim as the authorization server can read it back: the access token's claims are kept
   * with the authorization ({@code oauth2_authorization}, JSON with Jackson type ids) and read
   * again at the refresh grant, whose type validator admits {@code java.util.ArrayList} but not the
   * JDK's immutable lists ({@code List.of}, {@code Stream.toList}); with those every refresh failed
   * with a 500 ("Could not resolve type id 'java.util.ImmutableCollections$ListN'").
   */
  private static List<String> stored(List<String> values) {
    return new ArrayList<>(values);
  }
}
