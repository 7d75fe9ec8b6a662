package health.custodian.security.internal;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Spring Security's authentication events without the success event, which every bearer request
 * would publish (one per FHIR request; nothing here listens to it, and publishing it went through
 * Spring Modulith's event multicaster: about 1.5% of a protected read's CPU, docs/benchmarks.md).
 * Sign-ins, failures and token issues are audited where they happen ({@code SecurityAudit}, {@code
 * FhirAuthErrors}, {@code UserService}), not from these events; failure events are still published.
 */
@Configuration(proxyBeanMethods = false)
class AuthenticationEvents {

  @Bean
  AuthenticationEventPublisher authenticationEventPublisher(ApplicationEventPublisher publisher) {
    DefaultAuthenticationEventPublisher failures =
        new DefaultAuthenticationEventPublisher(publisher);
    return new AuthenticationEventPublisher() {
      @Override
      public void publishAuthenticationSuccess(Authentication authentication) {
        // left out on purpose: see the class comment
      }

      @Override
      public void publishAuthenticationFailure(
          AuthenticationException exception, Authentication authentication) {
        failures.publishAuthenticationFailure(exception, authentication);
      }
    };
  }
}
