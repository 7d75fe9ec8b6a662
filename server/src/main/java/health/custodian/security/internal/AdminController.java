package health.custodian.security.internal;

import health.custodian.access.CallerContext;
import health.custodian.access.Role;
import health.custodian.security.UserAdministration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin}: user and client administration for the command line when a server runs on the
 * data folder (scope {@code custodian.admin}, see {@link SecurityChains}).
 */
@RestController
@ConditionalOnWebApplication
class AdminController {

  private final UserAdministration admin;
  private final CallerContext callers;

  AdminController(UserAdministration admin, CallerContext callers) {
    this.admin = admin;
    this.callers = callers;
  }

  record AddUser(
      String name,
      String password,
      List<String> roles,
      @Nullable String patientId,
      @Nullable String actorReference,
      @Nullable List<String> clearances) {}

  record AddClient(
      String name, List<String> scopes, @Nullable String redirectUri, @Nullable String jwksUrl) {}

  @PostMapping("/admin/users")
  ResponseEntity<?> addUser(@RequestBody AddUser body) {
    Set<Role> roles;
    try {
      roles = body.roles().stream().map(Role::fromCode).collect(Collectors.toSet());
      boolean added =
          admin.addUser(
              callers.current(),
              new UserAdministration.NewUser(
                  body.name(),
                  body.password(),
                  roles,
                  body.patientId(),
                  body.actorReference(),
                  body.clearances() == null ? Set.of() : Set.copyOf(body.clearances())));
      return added
          ? ResponseEntity.status(201).build()
          : ResponseEntity.status(409).body(error("user " + body.name() + " exists"));
    } catch (IllegalArgumentException e) {
      return ResponseEntity.badRequest().body(error(String.valueOf(e.getMessage())));
    }
  }

  @GetMapping("/admin/users")
  List<UserAdministration.UserInfo> users() {
    return admin.listUsers();
  }

  @PostMapping("/admin/users/{name}/disable")
  ResponseEntity<?> disable(@PathVariable String name) {
    return admin.disableUser(callers.current(), name)
        ? ResponseEntity.noContent().build()
        : ResponseEntity.status(404).body(error("no user " + name));
  }

  @PostMapping("/admin/clients")
  Object addClient(@RequestBody AddClient body) {
    String jwks = body.jwksUrl();
    if (jwks != null) {
      return java.util.Map.of(
          "clientId", admin.addKeyClient(callers.current(), body.name(), body.scopes(), jwks));
    }
    return admin.addClient(callers.current(), body.name(), body.scopes(), body.redirectUri());
  }

  private static java.util.Map<String, String> error(String message) {
    return java.util.Map.of("error", message);
  }
}
