package health.custodian.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** {@link BearerHeader} answers exactly as Spring Security's default resolver does. */
class BearerHeaderTest {

  private final BearerHeader resolver = new BearerHeader();
  private final DefaultBearerTokenResolver reference = new DefaultBearerTokenResolver();

  @Test
  void headersResolveAsTheDefaultResolverResolvesThem() {
    List<String> headers =
        new ArrayList<>(
            List.of(
                "Bearer abc.def.ghi",
                "bearer abc",
                "BEARER abc==",
                "BeArEr a-b._c~d+e/f",
                "Bearer abc=",
                "Basic dXNlcjpwYXNz",
                "Bearer",
                "Bearer ",
                "Bearer  abc",
                "Bearer abc ",
                "Bearer a b",
                "Bearer abc=d",
                "Bearer abc\n",
                "Bearerabc",
                "Bearer ==",
                "Bearer é",
                "Bear abc",
                "",
                " Bearer abc"));
    Random random = new Random(7);
    String alphabet = "aZ09-._~+/= \tBearé\n";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder(random.nextBoolean() ? "Bearer " : "bearer");
      for (int k = random.nextInt(12); k > 0; k--) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      headers.add(b.toString());
    }
    for (String header : headers) {
      assertThat(outcome(resolver, request("GET", header, null)))
          .as(header)
          .isEqualTo(outcome(reference, request("GET", header, null)));
    }
  }

  @Test
  void noHeaderNoToken() {
    assertThat(resolver.resolve(request("GET", null, null))).isNull();
  }

  @Test
  void requestsThatMayCarryAParameterTokenAnswerAsTheDefaultResolverDoes() {
    MockHttpServletRequest twice = request("GET", "Bearer abc", "access_token=xyz");
    assertThat(outcome(resolver, twice)).isEqualTo(outcome(reference, twice));
    MockHttpServletRequest form = request("POST", "Bearer abc", null);
    form.setContentType("application/x-www-form-urlencoded");
    form.addParameter("access_token", "xyz");
    assertThat(outcome(resolver, form)).isEqualTo(outcome(reference, form));
    // a query without that parameter changes nothing
    assertThat(resolver.resolve(request("GET", "Bearer abc", "subject=Patient/1")))
        .isEqualTo("abc");
  }

  private static MockHttpServletRequest request(String method, String header, String query) {
    MockHttpServletRequest r = new MockHttpServletRequest(method, "/fhir/Patient");
    if (header != null) {
      r.addHeader("Authorization", header);
    }
    if (query != null) {
      r.setQueryString(query);
      for (String pair : query.split("&")) {
        String[] kv = pair.split("=", 2);
        r.addParameter(kv[0], kv[1]);
      }
    }
    return r;
  }

  /** The token, or the error's description. */
  private static String outcome(
      org.springframework.security.oauth2.server.resource.web.BearerTokenResolver r,
      MockHttpServletRequest request) {
    try {
      return "token:" + r.resolve(request);
    } catch (OAuth2AuthenticationException e) {
      return "error:" + e.getError().getErrorCode() + ":" + e.getError().getDescription();
    }
  }
}
