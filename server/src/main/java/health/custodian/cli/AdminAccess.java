package health.custodian.cli;

import health.custodian.security.UserAdministration;
import health.custodian.security.UserAdministration.ClientCredentials;
import health.custodian.security.UserAdministration.NewUser;
import health.custodian.security.UserAdministration.UserInfo;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * User and client administration for {@code custodian users|clients|token}: through the server
 * running on the data folder ({@code /admin}, with the command line's token), or else in this JVM
 * on an application context without a web server.
 */
interface AdminAccess extends AutoCloseable {

  static AdminAccess open(Path data) {
    return FhirServer.running(data)
        .<AdminAccess>map(server -> HttpAdminAccess.connect(data, server))
        .orElseGet(() -> LocalAdminAccess.start(data));
  }

  /** False when the name is taken; IllegalArgumentException for bad input. */
  boolean addUser(NewUser user);

  List<UserInfo> listUsers();

  boolean disableUser(String name);

  ClientCredentials addClient(String name, List<String> scopes, @Nullable String redirectUri);

  /** Registers a {@code private_key_jwt} backend service; returns its client id. */
  String addKeyClient(String name, List<String> scopes, String jwksUrl);

  /** An access token of the command line's client. */
  String token();

  @Override
  void close();

  /** Where the caller of local administration is recorded in audit. */
  String CLI_ID = UserAdministration.CLI_CLIENT_ID;
}
