package health.custodian.access;

/**
 * The caller of the current request. Implemented by the security module from Spring Security's
 * context; the gateway asks it on every access.
 */
public interface CallerContext {

  /**
   * The authenticated caller of the current request. Throws {@link AccessDeniedException} with
   * status 401 when there is none: the gateway never serves an anonymous caller.
   */
  Caller current();
}
