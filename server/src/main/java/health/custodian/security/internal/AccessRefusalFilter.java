package health.custodian.security.internal;

import health.custodian.access.AccessDeniedException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns the access contract's refusal, when thrown inside the {@code /fhir} filter chain (outside
 * the records module's error boundary), into its OperationOutcome. Created by the security chain,
 * not a bean, so that Spring Boot does not register it for every URL.
 */
final class AccessRefusalFilter extends OncePerRequestFilter {

  private final FhirAuthErrors errors;

  AccessRefusalFilter(FhirAuthErrors errors) {
    this.errors = errors;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } catch (AccessDeniedException e) {
      errors.refuse(response, e);
    } catch (ServletException e) {
      if (e.getCause() instanceof AccessDeniedException denied) {
        errors.refuse(response, denied);
      } else {
        throw e;
      }
    }
  }
}
