package health.custodian.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A raw HTTP client for tests that must control headers and bodies byte for byte. Against an {@link
 * IntegrationTest} server it sends the full-access token ({@link TestTokens#fullAccess()}) unless
 * the request has its own {@code Authorization} header; {@link #anonymous} sends none.
 */
public final class Http {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final String base;
  private final boolean authenticate;

  public Http(String base) {
    this(base, true);
  }

  private Http(String base, boolean authenticate) {
    this.base = base;
    this.authenticate = authenticate;
  }

  /** A client that sends no credentials of its own. */
  public static Http anonymous(String base) {
    return new Http(base, false);
  }

  public HttpResponse<String> send(String method, String path, String body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(120))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    boolean hasAuthorization = false;
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
      hasAuthorization |= headers[i].equalsIgnoreCase("Authorization");
    }
    if (authenticate && !hasAuthorization) {
      URI uri = URI.create(base);
      TestTokens.forPort(uri.getPort())
          .ifPresent(t -> b.header("Authorization", "Bearer " + t.fullAccess()));
    }
    try {
      return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> get(String path, String... headers) {
    return send("GET", path, null, headers);
  }

  public HttpResponse<String> post(String path, String json, String... headers) {
    return send("POST", path, json, withJson(headers));
  }

  public HttpResponse<String> put(String path, String json, String... headers) {
    return send("PUT", path, json, withJson(headers));
  }

  public HttpResponse<String> delete(String path, String... headers) {
    return send("DELETE", path, null, headers);
  }

  /**
   * Test set-up: {@code PUT /path} (no leading slash) as the full-access caller, which must answer
   * 200 or 201.
   */
  public void putOk(String path, String json) {
    HttpResponse<String> r = put("/" + path, json);
    if (r.statusCode() != 200 && r.statusCode() != 201) {
      throw new AssertionError("PUT " + path + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  /** Header name-value pairs followed by more. */
  public static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String[] withJson(String[] headers) {
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase("Content-Type")) {
        return headers;
      }
    }
    String[] all = new String[headers.length + 2];
    all[0] = "Content-Type";
    all[1] = "application/fhir+json";
    System.arraycopy(headers, 0, all, 2, headers.length);
    return all;
  }
}
