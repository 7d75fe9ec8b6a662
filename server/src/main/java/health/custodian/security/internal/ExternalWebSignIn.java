package health.custodian.security.internal;

import health.custodian.access.AccessDeniedException;
import health.custodian.access.Caller;
import health.custodian.access.CallerContext;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;

/**
 * Sign-in to the web workspace through the external OpenID Connect provider (OpenID Connect Core
 * 1.0, authorization code flow): an unauthenticated page redirects to the provider, the callback
 * exchanges the code, checks the ID token (signature by the provider's JWKS, issuer, audience,
 * expiry, nonce) and reads userinfo; the claims are mapped to Custodian roles exactly as a bearer
 * token's ({@link ExternalClaims}). A user none of whose provider roles is mapped is refused with a
 * page and audited; the session gets the idle time-out, CSRF protection and a new id at sign-in as
 * the built-in sign-in does; sign-out ends the provider's session too when it advertises an {@code
 * end_session_endpoint} (OpenID Connect RP-Initiated Logout 1.0).
 *
 * <p>The paths live under {@code /sso}: {@code /oauth2/**} and {@code /login/**} are the built-in
 * authorization server's, which answer 404 in this mode.
 */
final class ExternalWebSignIn {

  static final String AUTHORIZATION_BASE = "/sso/authorization";
  static final String START = AUTHORIZATION_BASE + "/" + ProviderRegistration.ID;
  static final String CALLBACK_BASE = "/sso/callback";
  static final String SIGNED_OUT = "/sso/signed-out";
  private static final String NO_ROLE = "no-mapped-role";

  private final ClientRegistrationRepository registrations;
  private final ExternalClaims claims;
  private final SecurityProperties security;
  private final SecurityAudit audit;
  private final CallerContext callers;
  private final SignOutAudit signOut;

  ExternalWebSignIn(
      ClientRegistrationRepository registrations,
      ExternalProviderProperties external,
      SecurityProperties security,
      SecurityAudit audit,
      CallerContext callers,
      SignOutAudit signOut) {
    this.registrations = registrations;
    this.claims = new ExternalClaims(external);
    this.security = security;
    this.audit = audit;
    this.callers = callers;
    this.signOut = signOut;
  }

  void configure(HttpSecurity http) throws Exception {
    OidcUserService users = new OidcUserService();
    SavedRequestAwareAuthenticationSuccessHandler continueTo =
        new SavedRequestAwareAuthenticationSuccessHandler();
    continueTo.setDefaultTargetUrl("/");
    OidcClientInitiatedLogoutSuccessHandler providerLogout =
        new OidcClientInitiatedLogoutSuccessHandler(registrations);
    providerLogout.setPostLogoutRedirectUri("{baseUrl}" + SIGNED_OUT);
    providerLogout.setDefaultTargetUrl(SIGNED_OUT);
    http.authorizeHttpRequests(
            a ->
                a.requestMatchers(
                        "/error", "/favicon.ico", "/web/**", "/vendor/**", SIGNED_OUT, START)
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .oauth2Login(
            o ->
                o.clientRegistrationRepository(registrations)
                    .withObjectPostProcessor(providerUnavailablePage())
                    .loginPage(START)
                    .authorizationEndpoint(e -> e.baseUri(AUTHORIZATION_BASE))
                    .redirectionEndpoint(r -> r.baseUri(CALLBACK_BASE + "/*"))
                    .userInfoEndpoint(u -> u.oidcUserService(request -> mapped(users, request)))
                    .successHandler(
                        (request, response, authentication) -> {
                          request
                              .getSession()
                              .setMaxInactiveInterval((int) security.idleTimeout().toSeconds());
                          audit.success(callers.current(), "login", null);
                          continueTo.onAuthenticationSuccess(request, response, authentication);
                        })
                    .failureHandler(
                        (request, response, e) -> {
                          boolean noRole = e instanceof NoMappedRole;
                          audit.failure(
                              attempted(e, request), "login-failed", noRole ? "no-role" : "sso");
                          ExternalMode.signInRefused(response, noRole);
                        }))
        .exceptionHandling(
            e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint(START)))
        .logout(
            l ->
                l.logoutUrl("/logout")
                    .addLogoutHandler(signOut)
                    .logoutSuccessHandler(providerLogout));
  }

  /**
   * The redirect to the provider fails only when its discovery document cannot be read: a designed
   * page (503, try again) instead of the filter's bare 500.
   */
  private ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter> providerUnavailablePage() {
    return new ObjectPostProcessor<>() {
      @Override
      public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
        filter.setAuthenticationFailureHandler(
            (request, response, e) -> {
              audit.failure(attempted(e, request), "login-failed", "sso-unavailable");
              ExternalMode.providerUnavailable(response);
            });
        return filter;
      }
    };
  }

  /** The provider's user (ID token and userinfo checked), refused when no role is mapped. */
  private OidcUser mapped(OidcUserService users, OidcUserRequest request) {
    OidcUser user = users.loadUser(request);
    String id;
    try {
      id = claims.userId(user.getClaims());
    } catch (AccessDeniedException e) {
      // The configured user-id claim is missing: nobody to attribute the session to.
      throw new OAuth2AuthenticationException(new OAuth2Error("no-user-id"));
    }
    if (claims.roles(user.getClaims()).isEmpty()) {
      throw new NoMappedRole(id);
    }
    return user;
  }

  /** Like a refused built-in sign-in: the account's name, if known, as an anonymous caller. */
  private static Caller attempted(AuthenticationException e, HttpServletRequest request) {
    String name = e instanceof NoMappedRole refused ? refused.user : "anonymous";
    return Caller.attempting(name, request.getRemoteAddr());
  }

  /** The provider signed the user in, but none of the user's provider roles is mapped. */
  private static final class NoMappedRole extends OAuth2AuthenticationException {
    private final String user;

    NoMappedRole(String user) {
      super(new OAuth2Error(NO_ROLE));
      this.user = user;
    }
  }
}
