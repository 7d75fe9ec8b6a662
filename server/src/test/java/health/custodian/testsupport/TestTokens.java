package health.custodian.testsupport;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.security.internal.Clearances;
import health.custodian.security.internal.Issuer;
import health.custodian.security.internal.TypedAccessTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Mints real access tokens, signed as the server signs them (ES256 by its EC key, typed {@code
 * at+jwt}) and carrying the claims the authorization server would issue, for any {@link Caller}:
 * tests act as any user or client without going through sign-in. Autowire it in an {@link
 * IntegrationTest}, or let {@link Http} send {@link #fullAccess()} by default.
 */
public class TestTokens {

  // Lets Http find the tokens of the server it talks to by port (one context per test class).
  private static final Map<Integer, TestTokens> BY_PORT = new ConcurrentHashMap<>();

  /** A client that may do everything and see every label (the default caller of tests). */
  public static final Caller FULL_ACCESS =
      new Caller(
          "test-client",
          Caller.Kind.CLIENT,
          Set.of(),
          Set.of("system/*.cruds"),
          null,
          Set.of(),
          Clearances.ALL,
          null,
          null,
          null);

  private final NimbusJwtEncoder encoder;
  private final NimbusJwtEncoder rsaEncoder;
  private final Issuer issuer;
  private final TypedAccessTokens typed;
  private volatile String fullAccess;
  private volatile int port;

  public TestTokens(
      ECKey accessTokenKey, RSAKey signingKey, Issuer issuer, TypedAccessTokens typed) {
    this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(accessTokenKey)));
    this.rsaEncoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(signingKey)));
    this.issuer = issuer;
    this.typed = typed;
  }

  @EventListener
  void onWebServer(WebServerInitializedEvent event) {
    port = event.getWebServer().getPort();
    BY_PORT.put(port, this);
  }

  @EventListener
  void onClosed(ContextClosedEvent event) {
    BY_PORT.remove(port, this);
  }

  /** The tokens of the one server running now (tests run one context at a time). */
  static TestTokens only() {
    if (BY_PORT.size() != 1) {
      throw new IllegalStateException("expected one running test server, found " + BY_PORT.size());
    }
    return BY_PORT.values().iterator().next();
  }

  static Optional<TestTokens> forPort(int port) {
    return Optional.ofNullable(BY_PORT.get(port));
  }

  /** {@code Bearer <token>} for {@code caller}, valid for an hour. */
  public String bearer(Caller caller) {
    return "Bearer " + token(caller, Duration.ofHours(1));
  }

  /** The full-access token (without {@code Bearer }). */
  public String fullAccess() {
    String t = fullAccess;
    if (t == null) {
      t = token(FULL_ACCESS, Duration.ofHours(6));
      fullAccess = t;
    }
    return t;
  }

  /** A token for {@code caller} that expires after {@code ttl} (negative: already expired). */
  public String token(Caller caller, Duration ttl) {
    return token(caller, ttl, issuer.issuer(), issuer.audience());
  }

  /** A token with any issuer and audience, to test that wrong ones are refused. */
  public String token(Caller caller, Duration ttl, String iss, String aud) {
    return encoder
        .encode(
            JwtEncoderParameters.from(
                JwsHeader.with(SignatureAlgorithm.ES256).type("at+jwt").build(),
                claims(caller, ttl, iss, aud, null)))
        .getTokenValue();
  }

  /**
   * An ES256 token with any {@code typ} ({@code null}: none), issued at {@code issuedAt} and
   * expiring after {@code ttl} from now, to test the resource side's type check.
   */
  public String typedToken(Caller caller, @Nullable String typ, Instant issuedAt, Duration ttl) {
    JwsHeader.Builder header = JwsHeader.with(SignatureAlgorithm.ES256);
    if (typ != null) {
      header.type(typ);
    }
    return encoder
        .encode(
            JwtEncoderParameters.from(
                header.build(), claims(caller, ttl, issuer.issuer(), issuer.audience(), issuedAt)))
        .getTokenValue();
  }

  /** Since when the server types its access tokens: untyped ones issued before stay valid. */
  public Instant typedSince() {
    return typed.since();
  }

  /**
   * A token signed as access tokens were before ES256: RS256 by the server's RSA key (the key that
   * now signs ID tokens), untyped, and so issued before the server typed its tokens, such as a
   * client may still hold after an upgrade.
   */
  public String rs256Token(Caller caller, Duration ttl) {
    return rsaEncoder
        .encode(
            JwtEncoderParameters.from(
                JwsHeader.with(SignatureAlgorithm.RS256).build(),
                claims(
                    caller,
                    ttl,
                    issuer.issuer(),
                    issuer.audience(),
                    typed.since().minusSeconds(60))))
        .getTokenValue();
  }

  private static JwtClaimsSet claims(
      Caller caller, Duration ttl, String iss, String aud, @Nullable Instant issuedAt) {
    Instant now = Instant.now();
    Instant expires = now.plus(ttl);
    Instant issued = issuedAt != null ? issuedAt : now;
    if (!expires.isAfter(issued)) {
      // an expired token was issued a minute before it expired (iat must precede exp)
      issued = expires.minusSeconds(60);
    }
    JwtClaimsSet.Builder claims =
        JwtClaimsSet.builder()
            .issuer(iss)
            .audience(List.of(aud))
            .subject(caller.id())
            .id(UUID.randomUUID().toString())
            .issuedAt(issued)
            .expiresAt(expires)
            .claim("kind", caller.kind() == Caller.Kind.USER ? "user" : "client")
            // RFC 9068 section 2.2; a user's token was issued to the app the user signed in to
            .claim("client_id", caller.kind() == Caller.Kind.USER ? "test-app" : caller.id())
            .claim("scope", String.join(" ", caller.scopes().stream().sorted().toList()))
            .claim("clearances", caller.clearances().stream().sorted().toList());
    if (!caller.roles().isEmpty()) {
      claims.claim("roles", caller.roles().stream().map(Role::code).sorted().toList());
    }
    if (caller.patientId() != null) {
      claims.claim("patient", caller.patientId());
    }
    if (!caller.actorReferences().isEmpty()) {
      claims.claim("actor", caller.actorReferences().stream().sorted().toList());
    }
    return claims.build();
  }
}
