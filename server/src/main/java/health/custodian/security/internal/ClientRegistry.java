package health.custodian.security.internal;

import health.custodian.security.UserAdministration;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Service;

/** Registers OAuth clients (persisted in {@code oauth2_registered_client}). */
@Service
public class ClientRegistry {

  /** Client setting: the security label codes the client's tokens carry, comma-separated. */
  public static final String CLEARANCES_SETTING = "custodian.clearances";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final RegisteredClientRepository clients;
  private final PasswordEncoder encoder;
  private final SecurityProperties properties;

  private final JdbcClient jdbc;

  ClientRegistry(
      RegisteredClientRepository clients,
      PasswordEncoder encoder,
      SecurityProperties properties,
      JdbcClient jdbc) {
    this.clients = clients;
    this.jdbc = jdbc;
    this.encoder = encoder;
    this.properties = properties;
  }

  /**
   * Every registered client, by name (columns of Spring Authorization Server's {@code
   * oauth2_registered_client}, comma-separated lists).
   */
  public List<UserAdministration.ClientInfo> list() {
    return jdbc.sql(
            "select client_id, client_name, scopes, redirect_uris, client_id_issued_at"
                + " from oauth2_registered_client order by client_name, client_id")
        .query(
            (rs, n) -> {
              java.sql.@Nullable Timestamp issued = rs.getTimestamp(5);
              return new UserAdministration.ClientInfo(
                  rs.getString(1),
                  rs.getString(2),
                  split(rs.getString(3)),
                  split(rs.getString(4)),
                  issued == null ? null : issued.toInstant());
            })
        .list();
  }

  private static List<String> split(@Nullable String csv) {
    return csv == null || csv.isBlank() ? List.of() : List.of(csv.split(","));
  }

  /** The client id and (only here, in clear) its secret. */
  public record Credentials(String clientId, String clientSecret) {}

  /**
   * Registers a confidential client. With no redirect URI it is a backend service (client
   * credentials); with one, a user-facing app (authorization code with PKCE, refresh tokens).
   */
  public Credentials register(
      String name,
      Collection<String> scopes,
      Set<String> clearances,
      @Nullable String redirectUri) {
    String id = UUID.randomUUID().toString();
    return save(id, id, name, scopes, clearances, redirectUri);
  }

  /**
   * Registers a backend service that authenticates with a signed JWT assertion ({@code
   * private_key_jwt}, RFC 7523 section 2.2, as SMART Backend Services requires: RS384), verified
   * against the public keys published at {@code jwksUrl}. Returns its client id.
   */
  public String registerWithKeys(
      String name, Collection<String> scopes, Set<String> clearances, String jwksUrl) {
    String id = UUID.randomUUID().toString();
    clients.save(
        RegisteredClient.withId(id)
            .clientId(id)
            .clientName(name)
            .clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
            .scopes(s -> s.addAll(scopes))
            .clientSettings(
                ClientSettings.builder()
                    .jwkSetUrl(jwksUrl)
                    .tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS384)
                    .requireAuthorizationConsent(false)
                    .setting(
                        CLEARANCES_SETTING, String.join(",", clearances.stream().sorted().toList()))
                    .build())
            .tokenSettings(
                TokenSettings.builder()
                    .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                    .accessTokenTimeToLive(properties.accessTokenTtl())
                    .build())
            .build());
    return id;
  }

  /** Creates or replaces the client with this id and a fresh secret. */
  public Credentials save(
      String registrationId,
      String clientId,
      String name,
      Collection<String> scopes,
      Set<String> clearances,
      @Nullable String redirectUri) {
    String secret = newSecret();
    RegisteredClient existing = clients.findByClientId(clientId);
    String hash = encoder.encode(secret);
    RegisteredClient.Builder b =
        RegisteredClient.withId(existing != null ? existing.getId() : registrationId)
            .clientId(clientId)
            .clientName(name)
            .clientSecret(hash)
            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
            .scopes(s -> s.addAll(scopes))
            .clientSettings(
                ClientSettings.builder()
                    .requireProofKey(redirectUri != null)
                    .requireAuthorizationConsent(false)
                    .setting(
                        CLEARANCES_SETTING, String.join(",", clearances.stream().sorted().toList()))
                    .build())
            .tokenSettings(
                TokenSettings.builder()
                    .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                    .accessTokenTimeToLive(properties.accessTokenTtl())
                    .refreshTokenTimeToLive(properties.refreshTokenTtl())
                    .reuseRefreshTokens(false)
                    .build());
    if (redirectUri == null) {
      b.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS);
    } else {
      b.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
          .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
          .redirectUri(redirectUri);
    }
    clients.save(b.build());
    return new Credentials(clientId, secret);
  }

  public @Nullable RegisteredClient find(String clientId) {
    return clients.findByClientId(clientId);
  }

  public static Set<String> clearancesOf(RegisteredClient client) {
    Object value = client.getClientSettings().getSetting(CLEARANCES_SETTING);
    if (!(value instanceof String text) || text.isBlank()) {
      return Set.of();
    }
    return Set.copyOf(List.of(text.split(",")));
  }

  private static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
