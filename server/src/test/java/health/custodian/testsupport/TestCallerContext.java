package health.custodian.testsupport;

import health.custodian.access.Caller;
import health.custodian.access.CallerContext;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The test suite's {@link CallerContext}: the caller named by the {@link TestCallers#HEADER}
 * header, else (and outside requests) a full-access caller, so tests that do not care about access
 * keep passing unchanged.
 */
public class TestCallerContext implements CallerContext {

  @Override
  public Caller current() {
    RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
    if (attributes instanceof ServletRequestAttributes servlet) {
      String header = servlet.getRequest().getHeader(TestCallers.HEADER);
      if (header != null) {
        return TestCallers.decode(header);
      }
    }
    return TestCallers.fullAccess();
  }
}
