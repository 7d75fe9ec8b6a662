package health.custodian.security.internal;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The issuer ({@code iss}) stamped on and required of every access token, and the audience ({@code
 * aud}, the FHIR base). Configured, or {@code http://localhost:<port>} once the web server knows
 * its port.
 */
@Component
public class Issuer {

  private final SecurityProperties properties;
  private final AtomicInteger port = new AtomicInteger();

  Issuer(SecurityProperties properties) {
    this.properties = properties;
  }

  @EventListener
  void onWebServer(WebServerInitializedEvent event) {
    port.compareAndSet(0, event.getWebServer().getPort());
  }

  public String issuer() {
    String configured = properties.issuer();
    if (configured != null && !configured.isBlank()) {
      return stripSlash(configured);
    }
    int p = port.get();
    return p > 0 ? "http://localhost:" + p : "http://localhost";
  }

  public String audience() {
    String configured = properties.audience();
    return configured != null && !configured.isBlank()
        ? stripSlash(configured)
        : issuer() + "/fhir";
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
