package health.custodian.security;

import health.custodian.access.Caller;
import health.custodian.access.Role;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Administration of users and OAuth clients, for the command line when no server runs on the data
 * folder (a running server offers the same under {@code /admin}, for a token with scope {@code
 * custodian.admin}). Every change is audited as a {@code role-change} by {@code by}.
 */
public interface UserAdministration {

  /** The OAuth client id of the local command line. */
  String CLI_CLIENT_ID = "custodian-cli";

  /** Scopes of the command line's client: everything in FHIR, and user administration. */
  List<String> CLI_SCOPES = List.of("system/*.cruds", "custodian.admin");

  /** Creates a user; false when the name is taken. */
  boolean addUser(Caller by, NewUser user);

  List<UserInfo> listUsers();

  /** Disables a user; false when there is none of that name. */
  boolean disableUser(Caller by, String name);

  /**
   * Resets a user's MFA: the TOTP secret is forgotten and the user enrols a new one at next sign-in
   * (audited as {@code mfa-change}); false when there is no user of that name.
   */
  boolean resetMfa(Caller by, String name);

  /** The registered OAuth clients (never their secrets), the command line's own included. */
  List<ClientInfo> listClients();

  /** Registers a client and returns its id and secret (the only time the secret is shown). */
  ClientCredentials addClient(
      Caller by, String name, List<String> scopes, @Nullable String redirect);

  /**
   * Registers a backend service authenticating with signed JWT assertions ({@code private_key_jwt},
   * RS384) against the keys at {@code jwksUrl}; returns its client id.
   */
  String addKeyClient(Caller by, String name, List<String> scopes, String jwksUrl);

  /** A signed access token for the command line's client (client credentials, its scopes). */
  String cliToken();

  record NewUser(
      String name,
      String password,
      Set<Role> roles,
      @Nullable String patientId,
      @Nullable String actorReference,
      Set<String> clearances) {}

  record UserInfo(
      String name,
      List<String> roles,
      @Nullable String patientId,
      List<String> clearances,
      boolean disabled,
      boolean locked,
      boolean totpEnrolled,
      @Nullable String actorReference) {}

  record ClientCredentials(String clientId, String clientSecret) {}

  /**
   * @param clientId the OAuth client id
   * @param name the name given at registration
   * @param scopes the scopes it may be granted
   * @param redirectUris its redirect URIs (empty for a backend service)
   * @param issuedAt when it was registered, or null
   */
  record ClientInfo(
      String clientId,
      String name,
      List<String> scopes,
      List<String> redirectUris,
      java.time.@Nullable Instant issuedAt) {}
}
