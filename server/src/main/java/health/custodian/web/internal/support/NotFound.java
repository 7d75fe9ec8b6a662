package health.custodian.web.internal.support;

/**
 * Nothing to show: an unknown patient, or one the user may not see (the same answer, so a page
 * never reveals that a record exists). Rendered by {@link WebErrors} as the designed 404 page.
 */
public class NotFound extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String what;

  public NotFound(String what) {
    super(what, null, false, false);
    this.what = what;
  }

  /** What was asked for ({@code patient}, {@code resource}, {@code section}...). */
  public String what() {
    return what;
  }
}
