package health.custodian.security.internal;

import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
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

  /** Both names for the port they were made for: every token check asks for them. */
  private volatile @Nullable Names names;

  private record Names(int port, String issuer, String audience) {}

  Issuer(SecurityProperties properties) {
    this.properties = properties;
  }

  @EventListener
  void onWebServer(WebServerInitializedEvent event) {
    port.compareAndSet(0, event.getWebServer().getPort());
  }

  public String issuer() {
    return names().issuer();
  }

  public String audience() {
    return names().audience();
  }

  private Names names() {
    int p = port.get();
    Names known = names;
    if (known != null && known.port() == p) {
      return known;
    }
    String configured = properties.issuer();
    String issuer =
        configured != null && !configured.isBlank()
            ? stripSlash(configured)
            : p > 0 ? "http://localhost:" + p : "http://localhost";
    String configuredAudience = properties.audience();
    String audience =
        configuredAudience != null && !configuredAudience.isBlank()
            ? stripSlash(configuredAudience)
            : issuer + "/fhir";
    Names fresh = new Names(p, issuer, audience);
    names = fresh;
    return fresh;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
