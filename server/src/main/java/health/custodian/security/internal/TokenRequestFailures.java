package health.custodian.security.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ErrorAuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.stereotype.Component;

/**
 * Refusals of the authorization server's client authentication and token endpoint: a wrong client
 * secret, a client assertion that is forged, expired or replayed, a wrong PKCE verifier, an invalid
 * or used authorization code or refresh token, a user disabled since the grant. Each is audited
 * once as {@code login-failed} (issue #5: failed logins and token requests are audited like
 * successful ones), its detail the OAuth 2.0 error code (RFC 6749 section 5.2) as {@code
 * token-invalid-client}, {@code token-invalid-grant}, ..., and answered exactly as the
 * authorization server answers without this handler. The caller is the client the request named
 * ({@link NamedClient}), of kind ANONYMOUS since nobody proved to be that client, like a failed
 * sign-in under a user's name; neither the secret, the assertion nor the code is recorded.
 *
 * <p>A secret presented for a client id that is not registered is checked against the {@link
 * DecoyHash} before answering, so that it costs the same Argon2id work as a wrong secret for a
 * registered client: without it the answer came tens of milliseconds sooner and told which client
 * ids exist.
 */
@Component
class TokenRequestFailures {

  private final SecurityAudit audit;
  private final RegisteredClientRepository clients;
  private final DecoyHash decoy;
  private final OAuth2ErrorHttpMessageConverter errors = new OAuth2ErrorHttpMessageConverter();

  TokenRequestFailures(SecurityAudit audit, RegisteredClientRepository clients, DecoyHash decoy) {
    this.audit = audit;
    this.clients = clients;
    this.decoy = decoy;
  }

  /**
   * For client authentication: answers as Spring's {@code OAuth2ClientAuthenticationFilter} does,
   * 401 for {@code invalid_client} (RFC 6749 section 5.2) and 400 otherwise, with the error code
   * only (its description may name what failed).
   */
  AuthenticationFailureHandler clientAuthentication() {
    return (request, response, failure) -> {
      OAuth2Error error = audited(request, failure);
      equaliseUnknownClient(request, error);
      SecurityContextHolder.clearContext();
      ServletServerHttpResponse out = new ServletServerHttpResponse(response);
      out.setStatusCode(
          OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode())
              ? HttpStatus.UNAUTHORIZED
              : HttpStatus.BAD_REQUEST);
      errors.write(new OAuth2Error(error.getErrorCode()), null, out);
    };
  }

  /** For the token endpoint's grants: the authorization server's own error answer (400). */
  AuthenticationFailureHandler tokenEndpoint() {
    OAuth2ErrorAuthenticationFailureHandler answer = new OAuth2ErrorAuthenticationFailureHandler();
    return (request, response, failure) -> {
      audited(request, failure);
      answer.onAuthenticationFailure(request, response, failure);
    };
  }

  /**
   * Spends a secret check on a client id that is not registered (Spring Authorization Server's
   * {@code ClientSecretAuthenticationProvider} refuses it before hashing anything).
   */
  private void equaliseUnknownClient(HttpServletRequest request, OAuth2Error error) {
    if (!OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode())) {
      return;
    }
    NamedClient.Presented presented = NamedClient.presented(request);
    if (presented.secret() == null) {
      return;
    }
    String id = presented.clientId();
    if (id == null || id.isEmpty() || clients.findByClientId(id) == null) {
      decoy.spend(presented.secret());
    }
  }

  private OAuth2Error audited(HttpServletRequest request, AuthenticationException failure) {
    OAuth2Error error =
        failure instanceof OAuth2AuthenticationException oauth
            ? oauth.getError()
            : new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST);
    audit.failure(
        NamedClient.caller(request),
        "login-failed",
        "token-" + error.getErrorCode().replace('_', '-').toLowerCase(Locale.ROOT));
    return error;
  }
}
