package health.custodian.security.internal;

import health.custodian.access.CallerContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.stereotype.Component;

/** Audits a sign-out (before the session, and with it the caller, is gone). */
@Component
class SignOutAudit implements LogoutHandler {

  private final CallerContext callers;
  private final SecurityAudit audit;

  SignOutAudit(CallerContext callers, SecurityAudit audit) {
    this.callers = callers;
    this.audit = audit;
  }

  @Override
  public void logout(
      HttpServletRequest request,
      HttpServletResponse response,
      @Nullable Authentication authentication) {
    if (authentication != null && authentication.isAuthenticated()) {
      audit.success(callers.current(), "logout", null);
    }
  }
}
