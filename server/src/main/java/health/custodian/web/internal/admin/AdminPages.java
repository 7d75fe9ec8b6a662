package health.custodian.web.internal.admin;

import health.custodian.access.AccessDeniedException;
import health.custodian.access.Caller;
import health.custodian.access.CallerContext;
import health.custodian.access.Role;
import health.custodian.security.UserAdministration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * What the administration pages do, for administrators only (docs/security.md: the administrator
 * manages users and configuration, never patient data). Every change goes through {@link
 * UserAdministration}, which audits it ({@code role-change}, {@code mfa-change}) in the
 * administrator's name.
 */
@Service
class AdminPages {

  static final int PAGE = 50;

  private final UserAdministration admin;
  private final CallerContext callers;

  AdminPages(UserAdministration admin, CallerContext callers) {
    this.admin = admin;
    this.callers = callers;
  }

  /** The current caller, if an administrator; otherwise the designed 403 page. */
  Caller administrator() {
    Caller caller = callers.current();
    if (caller.kind() != Caller.Kind.USER || !caller.hasRole(Role.ADMINISTRATOR)) {
      throw AccessDeniedException.forbidden("role", "Administrators only");
    }
    return caller;
  }

  List<UserAdministration.UserInfo> users() {
    administrator();
    return admin.listUsers();
  }

  List<UserAdministration.ClientInfo> clients() {
    administrator();
    return admin.listClients();
  }

  /** The new user form as typed. */
  record NewUserForm(
      String name,
      String password,
      List<String> roles,
      String patient,
      String actor,
      String clearances) {}

  /** Adds the user; an error message for the form, or null when done. */
  @Nullable String addUser(NewUserForm f) {
    Caller by = administrator();
    String name = f.name().strip();
    if (!name.matches("[A-Za-z0-9._@-]{1,64}")) {
      return "A user name is 1 to 64 letters, digits, dots, hyphens, underscores or @.";
    }
    if (f.password().length() < 8) {
      return "The password needs at least 8 characters.";
    }
    Set<Role> roles = new LinkedHashSet<>();
    for (String r : f.roles()) {
      try {
        roles.add(Role.fromCode(r));
      } catch (IllegalArgumentException e) {
        return "Unknown role: " + r;
      }
    }
    if (roles.isEmpty()) {
      return "Choose at least one role.";
    }
    String patient = f.patient().strip().replaceFirst("^Patient/", "");
    if (roles.contains(Role.PATIENT) && patient.isEmpty()) {
      return "A patient user needs the id of their Patient record.";
    }
    Set<String> clearances = new LinkedHashSet<>();
    Arrays.stream(f.clearances().split("[,\\s]+"))
        .map(String::strip)
        .filter(c -> !c.isEmpty())
        .forEach(clearances::add);
    String actor = f.actor().strip();
    boolean added =
        admin.addUser(
            by,
            new UserAdministration.NewUser(
                name,
                f.password(),
                roles,
                patient.isEmpty() ? null : patient,
                actor.isEmpty() ? null : actor,
                clearances));
    return added ? null : "That user name is taken.";
  }

  boolean disable(String name) {
    return admin.disableUser(administrator(), name);
  }

  boolean resetMfa(String name) {
    return admin.resetMfa(administrator(), name);
  }

  UserAdministration.ClientCredentials addClient(
      String name, List<String> scopes, @Nullable String redirect) {
    return admin.addClient(administrator(), name, scopes, redirect);
  }
}
