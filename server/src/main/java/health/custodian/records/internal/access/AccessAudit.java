package health.custodian.records.internal.access;

import health.custodian.access.AccessDeniedException;
import health.custodian.access.AuditRecord;
import health.custodian.access.AuditTrail;
import health.custodian.access.Caller;
import health.custodian.access.CallerContext;
import health.custodian.records.FhirException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Builds and records the {@link AuditRecord}s of the gateway (issue #5, IHE BALP): exactly one per
 * interaction. The request is marked once recorded, so that the error boundary records a failure
 * only for requests that failed before reaching the gateway (bad media type, unreadable body).
 */
@Component
public class AccessAudit {

  private static final String RECORDED = AccessAudit.class.getName() + ".recorded";

  private final AuditTrail trail;
  private final CallerContext callers;
  private final Clock clock = Clock.systemUTC();

  AccessAudit(AuditTrail trail, CallerContext callers) {
    this.trail = trail;
    this.callers = callers;
  }

  /** What is being audited, before its outcome is known. */
  record Event(
      Caller caller, String action, String subtype, boolean emergency, @Nullable String query) {}

  void success(Event e, Collection<String> entities, Set<String> patients) {
    record(e, AuditRecord.Outcome.SUCCESS, null, entities, patients);
  }

  void failure(Event e, Throwable t, Collection<String> entities, Set<String> patients) {
    int status = statusOf(t);
    record(e, outcomeOf(status), codeOf(t, status), entities, patients);
  }

  /**
   * Runs {@code body}, which records its own success; when it throws, records the failure (with
   * {@code entity}, if known) and rethrows, so that a refused or failed interaction is audited
   * exactly once.
   */
  <T> T audited(Event event, @Nullable String entity, Supplier<T> body) {
    try {
      return body.get();
    } catch (RuntimeException e) {
      failure(event, e, entity == null ? List.of() : List.of(entity), Set.of());
      throw e;
    }
  }

  private void record(
      Event e,
      AuditRecord.Outcome outcome,
      @Nullable String detail,
      Collection<String> entities,
      Set<String> patients) {
    Caller.BreakGlass glass = e.caller().breakGlass();
    trail.record(
        new AuditRecord(
            clock.instant(),
            e.caller(),
            e.action(),
            e.subtype(),
            outcome,
            detail,
            List.copyOf(entities),
            patients,
            e.query(),
            e.emergency(),
            e.emergency() && glass != null ? glass.id() : null));
    RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
    if (attributes != null) {
      attributes.setAttribute(RECORDED, Boolean.TRUE, RequestAttributes.SCOPE_REQUEST);
    }
  }

  /**
   * Called by the error boundary for every error response: records the failure unless the gateway
   * already recorded this request (it records its own failures with more detail).
   */
  public void failureIfUnrecorded(HttpServletRequest request, int status, String code) {
    if (request.getAttribute(RECORDED) != null) {
      return;
    }
    Caller caller;
    try {
      caller = callers.current();
    } catch (RuntimeException e) {
      caller = Caller.anonymous(request.getRemoteAddr());
    }
    String method = request.getMethod();
    String action =
        switch (method) {
          case "POST" -> "C";
          case "PUT", "PATCH" -> "U";
          case "DELETE" -> "D";
          default -> "R";
        };
    String subtype =
        switch (method) {
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> "delete";
          default -> "read";
        };
    record(
        new Event(caller, action, subtype, false, request.getQueryString()),
        outcomeOf(status),
        code,
        List.of(),
        Set.of());
  }

  /** The query string of the current request, for the record; null outside a request. */
  static @Nullable String currentQuery() {
    RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
    if (attributes instanceof ServletRequestAttributes servlet) {
      return servlet.getRequest().getQueryString();
    }
    return null;
  }

  static int statusOf(Throwable t) {
    if (t instanceof FhirException f) {
      return f.status();
    }
    if (t instanceof AccessDeniedException a) {
      return a.status();
    }
    if (t instanceof CannotAcquireLockException || t instanceof DataIntegrityViolationException) {
      return 409;
    }
    return 500;
  }

  private static String codeOf(Throwable t, int status) {
    if (t instanceof FhirException f) {
      return f.code();
    }
    if (t instanceof AccessDeniedException a) {
      return a.code();
    }
    return status == 409 ? "conflict" : "internal-error";
  }

  private static AuditRecord.Outcome outcomeOf(int status) {
    return status < 400
        ? AuditRecord.Outcome.SUCCESS
        : status < 500 ? AuditRecord.Outcome.MINOR_FAILURE : AuditRecord.Outcome.SERIOUS_FAILURE;
  }
}
