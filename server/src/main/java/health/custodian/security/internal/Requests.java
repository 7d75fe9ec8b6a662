package health.custodian.security.internal;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The current HTTP request's facts needed for audit. */
public final class Requests {

  private Requests() {}

  public static @Nullable HttpServletRequest current() {
    return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
        ? a.getRequest()
        : null;
  }

  /** The client's network address (the proxy's, unless Spring's forwarded-header support is on). */
  public static @Nullable String address() {
    HttpServletRequest request = current();
    return request == null ? null : request.getRemoteAddr();
  }
}
