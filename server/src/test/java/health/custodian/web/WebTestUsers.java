package health.custodian.web;

import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.security.UserAdministration;
import health.custodian.testsupport.WebSession;
import java.util.Set;

/** Workspace users for tests, created through the real administration API and signed in. */
final class WebTestUsers {

  static final String PASSWORD = "correct horse battery staple";

  private WebTestUsers() {}

  static void create(UserAdministration admin, String name, Set<Role> roles) {
    admin.addUser(
        Caller.system("test"),
        new UserAdministration.NewUser(name, PASSWORD, roles, null, null, Set.of()));
  }

  static WebSession clinician(UserAdministration admin, String root) {
    create(admin, "dr-web", Set.of(Role.CLINICIAN));
    return WebSession.signIn(root, "dr-web", PASSWORD);
  }
}
