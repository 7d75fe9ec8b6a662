package health.custodian.cli;

import health.custodian.CustodianApplication;
import health.custodian.access.Caller;
import health.custodian.security.UserAdministration;
import health.custodian.security.UserAdministration.ClientCredentials;
import health.custodian.security.UserAdministration.NewUser;
import health.custodian.security.UserAdministration.UserInfo;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;

/** Administration in this JVM: the application without a web server, on the data folder. */
final class LocalAdminAccess implements AdminAccess {

  private final ConfigurableApplicationContext context;
  private final UserAdministration admin;
  // Audited as the command line acting locally (an administrator with access to the folder).
  private final Caller caller = Caller.system(CLI_ID);

  private LocalAdminAccess(ConfigurableApplicationContext context) {
    this.context = context;
    this.admin = context.getBean(UserAdministration.class);
  }

  static LocalAdminAccess start(Path data) {
    return new LocalAdminAccess(
        CustodianApplication.start(
            "--spring.main.web-application-type=none",
            "--custodian.data-dir=" + data.toAbsolutePath().normalize(),
            "--spring.main.log-startup-info=false"));
  }

  @Override
  public boolean addUser(NewUser user) {
    return admin.addUser(caller, user);
  }

  @Override
  public List<UserInfo> listUsers() {
    return admin.listUsers();
  }

  @Override
  public boolean disableUser(String name) {
    return admin.disableUser(caller, name);
  }

  @Override
  public ClientCredentials addClient(
      String name, List<String> scopes, @Nullable String redirectUri) {
    return admin.addClient(caller, name, scopes, redirectUri);
  }

  @Override
  public String addKeyClient(String name, List<String> scopes, String jwksUrl) {
    return admin.addKeyClient(caller, name, scopes, jwksUrl);
  }

  @Override
  public String token() {
    return admin.cliToken();
  }

  @Override
  public void close() {
    context.close();
  }
}
