package health.custodian.audit;

import health.custodian.access.AccessDeniedException;
import health.custodian.access.AccessPolicy;
import health.custodian.access.AccessRules;
import health.custodian.access.Caller;
import health.custodian.access.CallerContext;
import health.custodian.access.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Set;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Stand-ins for the security module in audit tests: the caller comes from test headers ({@code
 * X-Test-User}, {@code X-Test-Role}, {@code X-Test-Kind}, {@code X-Test-Break-Glass}); only
 * compliance auditors may read AuditEvents.
 */
@TestConfiguration(proxyBeanMethods = false)
class TestAccess {

  @Bean
  @Primary
  CallerContext testCallerContext() {
    return () -> {
      if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a)) {
        throw AccessDeniedException.unauthenticated("no request");
      }
      HttpServletRequest r = a.getRequest();
      String id = r.getHeader("X-Test-User");
      if (id == null) {
        throw AccessDeniedException.unauthenticated("no credentials");
      }
      String role = r.getHeader("X-Test-Role");
      String kind = r.getHeader("X-Test-Kind");
      String bg = r.getHeader("X-Test-Break-Glass");
      return new Caller(
          id,
          kind == null ? Caller.Kind.USER : Caller.Kind.valueOf(kind),
          role == null ? Set.of() : Set.of(Role.fromCode(role)),
          Set.of(),
          null,
          Set.of(),
          Set.of(),
          bg == null
              ? null
              : new Caller.BreakGlass(bg, "test", Instant.now(), Instant.now().plusSeconds(3600)),
          r.getRemoteAddr(),
          "session-" + id);
    };
  }

  @Bean
  @Primary
  AccessPolicy testAccessPolicy() {
    return (caller, interaction, type) ->
        caller.hasRole(Role.COMPLIANCE_AUDITOR) || caller.kind() == Caller.Kind.SYSTEM
            ? AccessRules.unrestricted()
            : AccessRules.refused("role");
  }
}
