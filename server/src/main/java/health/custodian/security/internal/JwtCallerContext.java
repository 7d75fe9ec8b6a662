package health.custodian.security.internal;

import health.custodian.access.AccessDeniedException;
import health.custodian.access.Caller;
import health.custodian.access.CallerContext;
import health.custodian.access.Role;
import health.custodian.security.internal.user.UserAccount;
import health.custodian.security.internal.user.UserService;
import health.custodian.security.policy.BreakGlassService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * The caller of the current request, from the verified access token (claims as written by {@link
 * TokenClaims}, or an external provider's), or from the signed-in web session (built-in sign-in or
 * the external provider's OpenID Connect login). Nothing the client sends unverified is used.
 */
@Component
class JwtCallerContext implements CallerContext {

  private final UserService users;
  private final BreakGlassService breakGlass;
  private final @Nullable ExternalClaims external;

  /**
   * The caller each verified token describes, kept per token: a client sends the same token with
   * every request, and reading its claims again each time was a thirtieth of a protected read's
   * server CPU (docs/benchmarks.md). The request's address and the user's break-glass grant are
   * taken afresh for every request. Emptied when full, like {@link VerifiedTokens}.
   */
  private final ConcurrentHashMap<Jwt, Caller> tokenCallers = new ConcurrentHashMap<>();

  JwtCallerContext(
      UserService users, BreakGlassService breakGlass, ExternalProviderProperties external) {
    this.users = users;
    this.breakGlass = breakGlass;
    this.external = external.enabled() ? new ExternalClaims(external) : null;
  }

  @Override
  public Caller current() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth instanceof JwtAuthenticationToken token && token.isAuthenticated()) {
      return inThisRequest(token.getToken());
    }
    if (auth instanceof OAuth2AuthenticationToken login
        && login.isAuthenticated()
        && login.getPrincipal() instanceof OidcUser user
        && external != null) {
      return externalUser(external, user.getClaims(), Set.of(), sessionId());
    }
    if (auth instanceof UsernamePasswordAuthenticationToken session
        && session.isAuthenticated()
        && session.getPrincipal() instanceof String name) {
      UserAccount user =
          users
              .find(name)
              .filter(u -> !u.disabled())
              .orElseThrow(() -> AccessDeniedException.unauthenticated("Sign-in required"));
      return Callers.user(
          user, List.of(), breakGlass.active(name).orElse(null), Requests.address(), sessionId());
    }
    throw AccessDeniedException.unauthenticated("Authentication required");
  }

  private Caller inThisRequest(Jwt jwt) {
    Caller known = tokenCallers.get(jwt);
    if (known == null) {
      Caller fresh = fromJwt(jwt);
      if (tokenCallers.size() >= TokenConfiguration.VERIFIED_TOKENS) {
        tokenCallers.clear();
      }
      tokenCallers.put(jwt, fresh);
      return fresh;
    }
    return new Caller(
        known.id(),
        known.kind(),
        known.roles(),
        known.scopes(),
        known.patientId(),
        known.actorReferences(),
        known.clearances(),
        known.kind() == Caller.Kind.USER ? breakGlass.active(known.id()).orElse(null) : null,
        Requests.address(),
        known.session());
  }

  private Caller fromJwt(Jwt jwt) {
    if (external != null) {
      return fromExternal(external, jwt);
    }
    String subject = jwt.getSubject();
    if (subject == null) {
      throw AccessDeniedException.unauthenticated("Token without subject");
    }
    Set<String> scopes = scopes(jwt.getClaims().get(TokenClaimNames.SCOPE));
    String session = jwt.getId();
    if ("client".equals(jwt.getClaimAsString(TokenClaimNames.KIND))) {
      return Callers.client(
          subject, scopes, strings(jwt, TokenClaimNames.CLEARANCES), Requests.address(), session);
    }
    Set<Role> roles = new LinkedHashSet<>();
    for (String code : strings(jwt, TokenClaimNames.ROLES)) {
      try {
        roles.add(Role.fromCode(code));
      } catch (IllegalArgumentException e) {
        // A role this version does not know grants nothing (tokens from a newer server).
      }
    }
    return new Caller(
        subject,
        Caller.Kind.USER,
        roles,
        scopes,
        jwt.getClaimAsString(TokenClaimNames.PATIENT),
        Set.copyOf(strings(jwt, TokenClaimNames.ACTOR)),
        Set.copyOf(strings(jwt, TokenClaimNames.CLEARANCES)),
        breakGlass.active(subject).orElse(null),
        Requests.address(),
        session);
  }

  /** A token of the external provider, read with the configured claim names and role mapping. */
  private Caller fromExternal(ExternalClaims claims, Jwt jwt) {
    String session = jwt.getId();
    Map<String, Object> values = jwt.getClaims();
    String client = claims.clientId(values);
    if (client != null) {
      return Callers.client(
          client, claims.scopes(values), claims.clearances(values), Requests.address(), session);
    }
    return externalUser(claims, values, claims.scopes(values), session);
  }

  /**
   * A user of the external provider: from a bearer token's claims, or from the ID token and
   * userinfo claims of a web workspace sign-in, which carry no scopes (the session gets exactly the
   * mapped roles, as a built-in session does).
   */
  private Caller externalUser(
      ExternalClaims claims,
      Map<String, Object> values,
      Set<String> scopes,
      @Nullable String session) {
    String user = claims.userId(values);
    return new Caller(
        user,
        Caller.Kind.USER,
        claims.roles(values),
        scopes,
        claims.patient(values),
        claims.actors(values),
        claims.clearances(values),
        breakGlass.active(user).orElse(null),
        Requests.address(),
        session);
  }

  private static List<String> strings(Jwt jwt, String claim) {
    Object value = jwt.getClaims().get(claim);
    if (value instanceof Collection<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    if (value instanceof String s && !s.isBlank()) {
      return List.of(s.split("[ ,]+"));
    }
    return List.of();
  }

  /** RFC 6749 section 3.3: a space-separated string; some issuers send a JSON array instead. */
  private static Set<String> scopes(@Nullable Object value) {
    if (value instanceof Collection<?> list) {
      return Set.copyOf(list.stream().map(String::valueOf).toList());
    }
    if (value instanceof String s && !s.isBlank()) {
      return Set.copyOf(List.of(s.trim().split("\\s+")));
    }
    return Set.of();
  }

  /** A digest of the session id: stable for audit, useless to hijack the session. */
  private static @Nullable String sessionId() {
    HttpServletRequest request = Requests.current();
    HttpSession session = request == null ? null : request.getSession(false);
    if (session == null) {
      return null;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(session.getId().getBytes(StandardCharsets.UTF_8));
      return "session-" + HexFormat.of().formatHex(digest, 0, 8).toLowerCase(Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
