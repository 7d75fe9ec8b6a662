package health.custodian.security.internal;

import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.text.ParseException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * SMART Backend Services token requests carry a {@code client_assertion} but no {@code client_id}
 * (RFC 7523 section 3 makes it optional: the assertion's {@code sub} names the client), while
 * Spring Authorization Server requires the parameter. This supplies it from the assertion's {@code
 * sub}, unverified: the server then verifies the assertion's signature with that client's keys and
 * that its {@code iss} and {@code sub} equal the client id, so a wrong value only fails.
 */
final class ClientAssertionClientId extends OncePerRequestFilter {

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod())
        || request.getParameter("client_assertion") == null
        || request.getParameter("client_id") != null;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String subject = subject(request.getParameter("client_assertion"));
    chain.doFilter(subject == null ? request : new WithClientId(request, subject), response);
  }

  private static @Nullable String subject(@Nullable String assertion) {
    if (assertion == null) {
      return null;
    }
    try {
      return SignedJWT.parse(assertion).getJWTClaimsSet().getSubject();
    } catch (ParseException e) {
      return null;
    }
  }

  private static final class WithClientId extends HttpServletRequestWrapper {

    private final Map<String, String[]> parameters;

    WithClientId(HttpServletRequest request, String clientId) {
      super(request);
      Map<String, String[]> all = new LinkedHashMap<>(request.getParameterMap());
      all.put("client_id", new String[] {clientId});
      this.parameters = Collections.unmodifiableMap(all);
    }

    @Override
    public @Nullable String getParameter(String name) {
      String[] values = parameters.get(name);
      return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
      return parameters;
    }

    @Override
    public Enumeration<String> getParameterNames() {
      return Collections.enumeration(parameters.keySet());
    }

    @Override
    public String @Nullable [] getParameterValues(String name) {
      return parameters.get(name);
    }
  }
}
