package health.custodian.security.internal;

import health.custodian.access.CallerContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The four security filter chains: the authorization server's endpoints ({@code /oauth2/**}, OpenID
 * discovery), {@code /fhir} as a resource server (bearer tokens; SMART discovery and the
 * CapabilityStatement public), {@code /admin} for the command line (bearer token with scope {@code
 * custodian.admin}), and everything else behind the sign-in page. With an external OpenID Connect
 * provider ({@link ExternalProviderProperties}) {@code /fhir} and break-the-glass ({@code
 * /auth/**}) take the provider's tokens, the built-in endpoints answer 404, and the web workspace
 * signs in through the provider ({@link ExternalWebSignIn}) when it has a client there, else is
 * unavailable.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SecurityChains {

  static final String ADMIN_SCOPE = "custodian.admin";

  @Bean
  @Order(2)
  @ConditionalOnBooleanProperty(
      name = ExternalProviderProperties.ENABLED,
      havingValue = false,
      matchIfMissing = true)
  SecurityFilterChain authorizationServerChain(
      HttpSecurity http, JwtDecoder decoder, TokenRequestFailures failures) throws Exception {
    OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
    RequestMatcher endpoints = server.getEndpointsMatcher();
    OAuth2AccessTokenResponseAuthenticationSuccessHandler tokenResponse =
        new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
    tokenResponse.setAccessTokenResponseCustomizer(context -> addPatient(context, decoder));
    http.securityMatcher(endpoints)
        .with(
            server,
            s ->
                s.oidc(Customizer.withDefaults())
                    .clientAuthentication(
                        c -> c.errorResponseHandler(failures.clientAuthentication()))
                    .tokenEndpoint(
                        t ->
                            t.accessTokenResponseHandler(tokenResponse)
                                .errorResponseHandler(failures.tokenEndpoint())))
        .authorizeHttpRequests(a -> a.anyRequest().authenticated())
        .addFilterBefore(new ClientAssertionClientId(), SecurityContextHolderFilter.class)
        .csrf(c -> c.ignoringRequestMatchers(endpoints))
        .oauth2ResourceServer(r -> r.jwt(Customizer.withDefaults()))
        .exceptionHandling(
            e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")));
    return http.build();
  }

  /**
   * Consulted first: Spring Security's {@code FilterChainProxy} tries the chains in order and every
   * FHIR request is bearer-authenticated, so testing its three path patterns first spares each one
   * the authorization server's endpoint matcher (a dozen method and path matchers, about 5 µs of a
   * protected read, docs/benchmarks.md 2026-11-27 15:11). Exact: no request matches both, as the
   * authorization server's endpoints (single issuer) are fixed paths under {@code /oauth2}, {@code
   * /connect}, {@code /userinfo} and {@code /.well-known}, and the built-in endpoints that answer
   * 404 with an external provider are the same paths plus {@code /login}, {@code /admin} and {@code
   * /logout} (SecurityChainsOrderTest).
   */
  @Bean
  @Order(1)
  SecurityFilterChain fhirChain(HttpSecurity http, JwtDecoder decoder, FhirAuthErrors errors)
      throws Exception {
    // The break-glass API (/auth/break-glass) is for token clients like the FHIR API; the web
    // workspace offers break-glass through its own pages.
    http.securityMatcher("/fhir", "/fhir/**", "/auth/**")
        .authorizeHttpRequests(
            a ->
                a.requestMatchers("/fhir/metadata", "/fhir/.well-known/smart-configuration")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .oauth2ResourceServer(bearer(decoder, errors))
        .exceptionHandling(e -> e.authenticationEntryPoint(errors).accessDeniedHandler(errors))
        // Bearer requests carry no ambient credentials, so CSRF only guards requests that rely on
        // the web workspace's session cookie.
        .csrf(c -> c.requireCsrfProtectionMatcher(SecurityChains::unsafeWithSessionOnly))
        // The workspace's session (never one of our own) is read, never created or changed here:
        // no session management filter, which would run its session strategy and try to store
        // every bearer request's transient authentication in the session.
        .securityContext(c -> c.securityContextRepository(sessionReadOnly()))
        .sessionManagement(s -> s.disable())
        .requestCache(c -> c.disable())
        .addFilterBefore(new KeysUnavailableFilter(errors), SecurityContextHolderFilter.class)
        .addFilterAfter(new AccessRefusalFilter(errors), BasicAuthenticationFilter.class);
    return http.build();
  }

  /** The signed-in workspace session's context, if any; nothing is ever written to a session. */
  private static SecurityContextRepository sessionReadOnly() {
    HttpSessionSecurityContextRepository session = new HttpSessionSecurityContextRepository();
    session.setAllowSessionCreation(false);
    return new DelegatingSecurityContextRepository(
        new RequestAttributeSecurityContextRepository(), session);
  }

  /**
   * With an external provider, the built-in authorization server's endpoints, its sign-in pages and
   * the command line's {@code /admin} API do not exist: they answer 404.
   */
  @Bean
  @Order(2)
  @ConditionalOnBooleanProperty(ExternalProviderProperties.ENABLED)
  SecurityFilterChain builtInEndpointsOffChain(
      HttpSecurity http, ExternalProviderProperties external) throws Exception {
    AuthenticationEntryPoint notFound = (request, response, e) -> ExternalMode.notFound(response);
    List<String> off =
        new ArrayList<>(
            List.of(
                "/oauth2/**",
                "/.well-known/openid-configuration",
                "/.well-known/oauth-authorization-server/**",
                "/.well-known/oauth-authorization-server",
                "/userinfo",
                "/connect/**",
                "/login",
                "/login/**",
                "/admin/**"));
    if (!external.webSignIn()) {
      // Sign-out exists only when the workspace signs in through the provider.
      off.add("/logout");
    }
    http.securityMatcher(off.toArray(String[]::new))
        .authorizeHttpRequests(a -> a.anyRequest().denyAll())
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(notFound)
                    .accessDeniedHandler((request, response, d) -> ExternalMode.notFound(response)))
        .csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    return http.build();
  }

  /** The workspace's client registration at the provider, when it signs in through it. */
  @Bean
  @ConditionalOnBooleanProperty(ExternalProviderProperties.ENABLED)
  @ConditionalOnProperty(prefix = "custodian.security.external.web", name = "client-id")
  ClientRegistrationRepository externalProviderRegistration(ExternalProviderProperties external) {
    return new ProviderRegistration(external);
  }

  @Bean
  @Order(3)
  @ConditionalOnBooleanProperty(
      name = ExternalProviderProperties.ENABLED,
      havingValue = false,
      matchIfMissing = true)
  SecurityFilterChain adminChain(HttpSecurity http, JwtDecoder decoder, FhirAuthErrors errors)
      throws Exception {
    http.securityMatcher("/admin/**")
        .authorizeHttpRequests(a -> a.anyRequest().hasAuthority("SCOPE_" + ADMIN_SCOPE))
        .oauth2ResourceServer(bearer(decoder, errors))
        .exceptionHandling(e -> e.authenticationEntryPoint(errors).accessDeniedHandler(errors))
        .csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    return http.build();
  }

  @Bean
  @Order(4)
  SecurityFilterChain webChain(
      HttpSecurity http,
      SignOutAudit signOut,
      ExternalProviderProperties external,
      ObjectProvider<ClientRegistrationRepository> registrations,
      SecurityProperties security,
      SecurityAudit audit,
      CallerContext callers)
      throws Exception {
    if (external.webSignIn()) {
      new ExternalWebSignIn(registrations.getObject(), external, security, audit, callers, signOut)
          .configure(http);
      return http.build();
    }
    if (external.enabled()) {
      // Without a client of its own at the provider (custodian.security.external.web.client-id)
      // the workspace cannot sign in (see docs/security.md, "External OpenID Connect provider");
      // its pages explain that instead of redirecting to a sign-in page that does not exist.
      http.authorizeHttpRequests(
              a ->
                  a.requestMatchers("/error", "/favicon.ico", "/web/**", "/vendor/**")
                      .permitAll()
                      .anyRequest()
                      .authenticated())
          .exceptionHandling(
              e ->
                  e.authenticationEntryPoint((request, response, x) -> ExternalMode.page(response)))
          .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
      return http.build();
    }
    http.authorizeHttpRequests(
            a ->
                a.requestMatchers(
                        "/login", "/login/**", "/error", "/favicon.ico", "/web/**", "/vendor/**")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .exceptionHandling(
            e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")))
        .logout(
            l ->
                l.logoutUrl("/logout")
                    .addLogoutHandler(signOut)
                    .logoutSuccessUrl("/login?signed-out"));
    return http.build();
  }

  /**
   * SMART App Launch 2.x "Launch context arrives with your access_token": a token bound to a
   * patient names it in the token response as {@code patient}.
   */
  private static void addPatient(OAuth2AccessTokenAuthenticationContext context, JwtDecoder jwt) {
    OAuth2AccessTokenAuthenticationToken issued = context.getAuthentication();
    String patient =
        jwt.decode(issued.getAccessToken().getTokenValue())
            .getClaimAsString(TokenClaimNames.PATIENT);
    if (patient != null) {
      Map<String, Object> parameters = new HashMap<>(issued.getAdditionalParameters());
      parameters.put("patient", patient);
      context.getAccessTokenResponse().additionalParameters(parameters);
    }
  }

  private static boolean unsafeWithSessionOnly(jakarta.servlet.http.HttpServletRequest request) {
    String method = request.getMethod();
    boolean safe =
        HttpMethod.GET.matches(method)
            || HttpMethod.HEAD.matches(method)
            || HttpMethod.OPTIONS.matches(method)
            || HttpMethod.TRACE.matches(method);
    return !safe
        && request.getHeader("Authorization") == null
        && request.getRequestedSessionId() != null;
  }

  /**
   * Bearer tokens as both API chains take them: verified by the shared decoder, authenticated once
   * per token ({@link BearerAuthentications}), taken from the header only ({@link BearerHeader}),
   * and refused as OperationOutcomes.
   */
  private static Customizer<OAuth2ResourceServerConfigurer<HttpSecurity>> bearer(
      JwtDecoder decoder, FhirAuthErrors errors) {
    BearerAuthentications authentications =
        new BearerAuthentications(TokenConfiguration.VERIFIED_TOKENS);
    return r ->
        r.jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(authentications))
            .bearerTokenResolver(new BearerHeader())
            .authenticationEntryPoint(errors)
            .accessDeniedHandler(errors);
  }
}
