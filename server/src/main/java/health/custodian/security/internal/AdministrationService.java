package health.custodian.security.internal;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.security.UserAdministration;
import health.custodian.security.internal.user.UserService;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Service;

@Service
class AdministrationService implements UserAdministration {

  private final UserService users;
  private final ClientRegistry clients;
  private final SecurityAudit audit;
  private final NimbusJwtEncoder encoder;
  private final Issuer issuer;
  private final SecurityProperties properties;

  AdministrationService(
      UserService users,
      ClientRegistry clients,
      SecurityAudit audit,
      ECKey accessTokenKey,
      Issuer issuer,
      SecurityProperties properties) {
    this.users = users;
    this.clients = clients;
    this.audit = audit;
    this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(accessTokenKey)));
    this.issuer = issuer;
    this.properties = properties;
  }

  @Override
  public boolean addUser(Caller by, NewUser user) {
    return users.add(
        by,
        user.name(),
        user.password(),
        user.roles(),
        user.patientId(),
        user.actorReference(),
        user.clearances());
  }

  @Override
  public List<UserInfo> listUsers() {
    Instant now = Instant.now();
    return users.list().stream()
        .map(
            u ->
                new UserInfo(
                    u.name(),
                    u.roles().stream().map(Role::code).sorted().toList(),
                    u.patientId(),
                    u.clearances().stream().sorted().toList(),
                    u.disabled(),
                    u.lockedAt(now),
                    u.totpSecret() != null,
                    u.actorReference()))
        .toList();
  }

  @Override
  public boolean disableUser(Caller by, String name) {
    return users.disable(by, name);
  }

  @Override
  public boolean resetMfa(Caller by, String name) {
    return users.resetMfa(by, name);
  }

  @Override
  public List<ClientInfo> listClients() {
    return clients.list();
  }

  @Override
  public ClientCredentials addClient(
      Caller by, String name, List<String> scopes, @Nullable String redirect) {
    ClientRegistry.Credentials c = clients.register(name, scopes, java.util.Set.of(), redirect);
    audit.success(by, "role-change", "client-added " + c.clientId() + " " + scopes);
    return new ClientCredentials(c.clientId(), c.clientSecret());
  }

  @Override
  public String addKeyClient(Caller by, String name, List<String> scopes, String jwksUrl) {
    String id = clients.registerWithKeys(name, scopes, java.util.Set.of(), jwksUrl);
    audit.success(by, "role-change", "client-added " + id + " " + scopes);
    return id;
  }

  /**
   * Minted directly (no server runs to ask): the same claims the token endpoint gives the command
   * line's client (see {@link TokenClaims}).
   */
  @Override
  public String cliToken() {
    Instant now = Instant.now();
    String jti = UUID.randomUUID().toString();
    JwtClaimsSet claims =
        JwtClaimsSet.builder()
            .issuer(issuer.issuer())
            .audience(List.of(issuer.audience()))
            .subject(CLI_CLIENT_ID)
            .id(jti)
            .issuedAt(now)
            .expiresAt(now.plus(properties.accessTokenTtl()))
            .claim(TokenClaimNames.KIND, "client")
            .claim(TokenClaimNames.SCOPE, String.join(" ", CLI_SCOPES))
            .claim(TokenClaimNames.CLIENT_ID, CLI_CLIENT_ID)
            .claim(TokenClaimNames.CLEARANCES, Clearances.ALL.stream().sorted().toList())
            .build();
    String token =
        encoder
            .encode(
                JwtEncoderParameters.from(
                    JwsHeader.with(SignatureAlgorithm.ES256).type(AccessTokenTypes.AT_JWT).build(),
                    claims))
            .getTokenValue();
    audit.success(
        Callers.client(CLI_CLIENT_ID, CLI_SCOPES, Clearances.ALL, null, jti), "token-issue", "cli");
    return token;
  }
}
