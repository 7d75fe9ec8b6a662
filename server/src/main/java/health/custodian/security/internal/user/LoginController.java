package health.custodian.security.internal.user;

import health.custodian.access.Caller;
import health.custodian.security.internal.Callers;
import health.custodian.security.internal.Issuer;
import health.custodian.security.internal.SecurityProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-in for the authorization code flow and the web workspace: password, then (for roles that see
 * PHI, or users who enrolled) a TOTP code, enrolling a secret on first use. The session is renewed
 * on sign-in (session fixation) and ends after {@code custodian.security.idle-timeout} without a
 * request.
 */
@RestController
@ConditionalOnWebApplication
class LoginController {

  private static final String PENDING_USER = "custodian.login.pending-user";
  private static final String PENDING_SECRET = "custodian.login.pending-secret";

  private final UserService users;
  private final SecurityProperties properties;
  private final Issuer issuer;
  private final HttpSessionSecurityContextRepository contexts =
      new HttpSessionSecurityContextRepository();
  private final HttpSessionRequestCache requests = new HttpSessionRequestCache();

  LoginController(UserService users, SecurityProperties properties, Issuer issuer) {
    this.users = users;
    this.properties = properties;
    this.issuer = issuer;
  }

  @GetMapping("/login")
  ResponseEntity<String> loginPage(
      CsrfToken csrf, @RequestParam(name = "signed-out", required = false) @Nullable String out) {
    return html(LoginPages.password(csrf, out == null ? null : "You have signed out."));
  }

  @PostMapping("/login")
  ResponseEntity<String> password(
      @RequestParam String username,
      @RequestParam String password,
      CsrfToken csrf,
      HttpServletRequest request,
      HttpServletResponse response) {
    SignIn result = users.checkPassword(username, password, request.getRemoteAddr());
    UserAccount user = result.user();
    if (result.status() == SignIn.Status.REFUSED || user == null) {
      return html(401, LoginPages.password(csrf, "Sign-in failed."));
    }
    if (result.status() == SignIn.Status.NEEDS_TOTP) {
      request.getSession().setAttribute(PENDING_USER, user.name());
      return redirect("/login/totp");
    }
    return complete(user, request, response);
  }

  @GetMapping("/login/totp")
  ResponseEntity<String> totpPage(CsrfToken csrf, HttpServletRequest request) {
    UserAccount user = pending(request);
    if (user == null) {
      return redirect("/login");
    }
    return html(totpForm(user, csrf, request, null));
  }

  @PostMapping("/login/totp")
  ResponseEntity<String> totp(
      @RequestParam String code,
      CsrfToken csrf,
      HttpServletRequest request,
      HttpServletResponse response) {
    UserAccount user = pending(request);
    if (user == null) {
      return redirect("/login");
    }
    HttpSession session = request.getSession();
    String address = request.getRemoteAddr();
    boolean ok;
    if (user.totpSecret() == null) {
      Object secret = session.getAttribute(PENDING_SECRET);
      ok =
          secret instanceof String s
              && users.enrolTotp(user, s, code, Callers.user(user, List.of(), null, address, null));
    } else {
      ok = users.checkTotp(user, code, address);
    }
    if (!ok) {
      UserAccount now = users.find(user.name()).orElse(user);
      if (now.disabled() || now.lockedAt(java.time.Instant.now())) {
        session.invalidate();
        return html(401, LoginPages.password(csrf, "Sign-in failed."));
      }
      return html(401, totpForm(now, csrf, request, "Wrong code."));
    }
    return complete(users.find(user.name()).orElse(user), request, response);
  }

  private String totpForm(
      UserAccount user, CsrfToken csrf, HttpServletRequest request, @Nullable String message) {
    if (user.totpSecret() != null) {
      return LoginPages.totp(csrf, message);
    }
    HttpSession session = request.getSession();
    Object existing = session.getAttribute(PENDING_SECRET);
    String secret = existing instanceof String s ? s : Totp.newSecret();
    session.setAttribute(PENDING_SECRET, secret);
    return LoginPages.enrol(
        csrf, secret, Totp.uri("Custodian " + issuer.issuer(), user.name(), secret), message);
  }

  private @Nullable UserAccount pending(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    Object name = session == null ? null : session.getAttribute(PENDING_USER);
    return name instanceof String n ? users.find(n).orElse(null) : null;
  }

  private ResponseEntity<String> complete(
      UserAccount user, HttpServletRequest request, HttpServletResponse response) {
    HttpSession old = request.getSession();
    old.removeAttribute(PENDING_USER);
    old.removeAttribute(PENDING_SECRET);
    // A new session id on sign-in, so that an id planted before sign-in is worthless.
    request.changeSessionId();
    HttpSession session = request.getSession();
    session.setMaxInactiveInterval((int) properties.idleTimeout().toSeconds());
    // The password factor, issued now: the authorization server takes an ID token's auth_time
    // (OpenID Connect Core 1.0 section 2) from the factors' issue times and refused to issue one
    // (500 at the token endpoint for the openid scope) for a sign-in without any.
    Authentication auth =
        UsernamePasswordAuthenticationToken.authenticated(
            user.name(),
            null,
            List.of(
                new SimpleGrantedAuthority("ROLE_USER"),
                FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)));
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(auth);
    SecurityContextHolder.setContext(context);
    contexts.saveContext(context, request, response);
    Caller caller = Callers.user(user, List.of(), null, request.getRemoteAddr(), null);
    users.signedIn(caller);
    SavedRequest saved = requests.getRequest(request, response);
    requests.removeRequest(request, response);
    return redirect(saved == null ? "/" : saved.getRedirectUrl());
  }

  private static ResponseEntity<String> redirect(String location) {
    return ResponseEntity.status(302).header("Location", location).build();
  }

  private static ResponseEntity<String> html(String body) {
    return html(200, body);
  }

  private static ResponseEntity<String> html(int status, String body) {
    return ResponseEntity.status(status)
        .contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
        .header("Cache-Control", "no-store")
        .body(body);
  }
}
