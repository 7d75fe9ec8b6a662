package health.custodian.security.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token that could not be checked because the signing keys could not be fetched (an external
 * provider's JWKS endpoint down or answering garbage) answers 503 {@code auth-unavailable}: the
 * server's trouble, neither the client's fault (401) nor an unexplained 500. Spring Security
 * rethrows this {@link AuthenticationServiceException} from the bearer-token filter. Not a bean, so
 * that Spring Boot does not register it for every URL.
 */
final class KeysUnavailableFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(KeysUnavailableFilter.class);

  private final FhirAuthErrors errors;

  KeysUnavailableFilter(FhirAuthErrors errors) {
    this.errors = errors;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } catch (AuthenticationServiceException e) {
      unavailable(response, e);
    } catch (ServletException e) {
      if (e.getCause() instanceof AuthenticationServiceException cause) {
        unavailable(response, cause);
      } else {
        throw e;
      }
    }
  }

  private void unavailable(HttpServletResponse response, AuthenticationServiceException e)
      throws IOException {
    if (response.isCommitted()) {
      throw e;
    }
    // The message names the failure (e.g. the JWKS could not be retrieved), never the token.
    log.warn("Cannot check access tokens: {}", e.getMessage());
    errors.unavailable(response);
  }
}
