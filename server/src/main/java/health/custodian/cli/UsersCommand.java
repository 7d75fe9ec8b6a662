package health.custodian.cli;

import health.custodian.access.Role;
import health.custodian.security.UserAdministration.NewUser;
import health.custodian.security.UserAdministration.UserInfo;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code custodian users add|list|disable}: user accounts. */
@Command(
    name = "users",
    description = "Manage user accounts.",
    subcommands = {
      UsersCommand.Add.class,
      UsersCommand.ListUsers.class,
      UsersCommand.Disable.class
    })
final class UsersCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("Usage: custodian users add|list|disable ... (custodian users --help)");
    return 2;
  }

  @Command(
      name = "add",
      description = {
        "Create a user. The password is read from standard input (one line, at least 8"
            + " characters).",
        "Roles: clinician, coder, records-supervisor, billing-specialist, compliance-auditor,"
            + " data-analyst, patient, administrator."
      })
  static final class Add implements Callable<Integer> {

    @Option(names = "--data", defaultValue = "data", description = "Data folder (default ./data).")
    Path data = Path.of("data");

    @Option(names = "--role", required = true, description = "A role (repeatable).")
    List<String> roles = List.of();

    @Option(names = "--patient", description = "Patient id (patient role: own record only).")
    @Nullable String patient;

    @Option(names = "--actor", description = "FHIR reference standing for the user.")
    @Nullable String actor;

    @Option(
        names = "--clearance",
        split = ",",
        description = "Security label codes the user may see, e.g. R,PSY.")
    List<String> clearances = List.of();

    @Parameters(index = "0", paramLabel = "NAME")
    String name = "";

    @Override
    public Integer call() throws IOException {
      Set<Role> parsed = new LinkedHashSet<>();
      for (String role : roles) {
        try {
          parsed.add(Role.fromCode(role));
        } catch (IllegalArgumentException e) {
          System.err.println("Unknown role: " + role);
          return 2;
        }
      }
      String password = readPassword();
      try (AdminAccess admin = AdminAccess.open(data)) {
        boolean added =
            admin.addUser(
                new NewUser(name, password, parsed, patient, actor, Set.copyOf(clearances)));
        if (!added) {
          System.err.println("User " + name + " already exists.");
          return 1;
        }
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return 2;
      }
      System.out.println("Added user " + name + ".");
      return 0;
    }

    private static String readPassword() throws IOException {
      Console console = System.console();
      if (console != null) {
        char[] typed = console.readPassword("Password for the new user: ");
        return typed == null ? "" : new String(typed);
      }
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line = in.readLine();
      return line == null ? "" : line;
    }
  }

  @Command(name = "list", description = "List users (name, roles, patient, state).")
  static final class ListUsers implements Callable<Integer> {

    @Option(names = "--data", defaultValue = "data", description = "Data folder (default ./data).")
    Path data = Path.of("data");

    @Override
    public Integer call() {
      try (AdminAccess admin = AdminAccess.open(data)) {
        for (UserInfo u : admin.listUsers()) {
          System.out.println(
              u.name()
                  + "\t"
                  + String.join(",", u.roles())
                  + "\t"
                  + (u.patientId() == null ? "-" : "Patient/" + u.patientId())
                  + "\t"
                  + (u.disabled() ? "disabled" : u.locked() ? "locked" : "active")
                  + (u.totpEnrolled() ? "\ttotp" : ""));
        }
      }
      return 0;
    }
  }

  @Command(name = "disable", description = "Disable a user (sign-in refused from then on).")
  static final class Disable implements Callable<Integer> {

    @Option(names = "--data", defaultValue = "data", description = "Data folder (default ./data).")
    Path data = Path.of("data");

    @Parameters(index = "0", paramLabel = "NAME")
    String name = "";

    @Override
    public Integer call() {
      try (AdminAccess admin = AdminAccess.open(data)) {
        if (!admin.disableUser(name)) {
          System.err.println("No user " + name + ".");
          return 1;
        }
      }
      System.out.println("Disabled user " + name + ".");
      return 0;
    }
  }
}
