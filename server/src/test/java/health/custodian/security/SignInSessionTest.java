package health.custodian.security;

import static health.custodian.security.SignInForms.CSRF;
import static health.custodian.security.SignInForms.browser;
import static health.custodian.security.SignInForms.enc;
import static health.custodian.security.SignInForms.get;
import static health.custodian.security.SignInForms.match;
import static health.custodian.security.SignInForms.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.access.AuditRecord;
import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.cli.CliTestAccess;
import health.custodian.platform.DataFolder;
import health.custodian.platform.RunningServer;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import health.custodian.testsupport.Json;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Authentication end to end over HTTP: refused tokens (401 with an OperationOutcome), client
 * credentials, authorization code with PKCE through the sign-in page and TOTP, lockout, idle
 * time-out, the administration command line, SMART discovery, and that no secret reaches the log.
 */
/** Sign-in sessions: lockout, idle time-out, sign-out, and the administration commands. */
@TestPropertySource(properties = "custodian.security.idle-timeout=3s")
class SignInSessionTest extends IntegrationTest {

  @Autowired UserAdministration admin;
  @Autowired DataFolder serverFolder;
  @TempDir Path dir;

  private final Caller by = Caller.system("test");

  private String root() {
    return "http://localhost:" + port;
  }

  private HttpResponse<String> signIn(HttpClient browser, String name, String password)
      throws Exception {
    return SignInForms.signIn(browser, root(), name, password);
  }

  private static JsonNode claims(String jwt) {
    return Json.parse(
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  @Test
  void locksAnAccountAfterFiveFailuresInARow() throws Exception {
    admin.addUser(
        by,
        new UserAdministration.NewUser(
            "locky", "right password", Set.of(Role.ADMINISTRATOR), null, null, Set.of()));
    HttpClient browser = browser();
    for (int i = 0; i < 5; i++) {
      assertThat(signIn(browser, "locky", "wrong password").statusCode()).isEqualTo(401);
    }
    assertThat(signIn(browser, "locky", "right password").statusCode()).isEqualTo(401);
    assertThat(admin.listUsers())
        .filteredOn(u -> u.name().equals("locky"))
        .singleElement()
        .matches(UserAdministration.UserInfo::locked);
    assertThat(audit.ofSubtype("login-failed")).extracting(AuditRecord::detail).contains("locked");
  }

  @Test
  void signedInSessionEndsAfterTheIdleTimeoutAndOnSignOut() throws Exception {
    admin.addUser(
        by,
        new UserAdministration.NewUser(
            "idle", "idle password", Set.of(Role.ADMINISTRATOR), null, null, Set.of()));
    HttpClient browser = browser();
    HttpResponse<String> signedIn = signIn(browser, "idle", "idle password");
    assertThat(signedIn.statusCode()).isEqualTo(302);
    HttpResponse<String> home = get(browser, root() + "/");
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.body()).contains("Welcome, <span>idle</span>", "Sign out");
    Thread.sleep(4_500);
    HttpResponse<String> expired = get(browser, root() + "/");
    assertThat(expired.statusCode()).isEqualTo(302);
    assertThat(expired.headers().firstValue("Location")).get().asString().endsWith("/login");

    signIn(browser, "idle", "idle password");
    home = get(browser, root() + "/");
    HttpResponse<String> out =
        post(browser, root() + "/logout", "_csrf=" + enc(match(CSRF, home.body())), null);
    assertThat(out.statusCode()).isEqualTo(302);
    assertThat(get(browser, root() + "/").statusCode()).isEqualTo(302);
    assertThat(audit.ofSubtype("logout")).anyMatch(r -> r.caller().id().equals("idle"));
  }

  @Test
  void usersClientsAndTokenCommandsGoThroughTheRunningServer() throws Exception {
    Path data = dir.resolve("data");
    RunningServer.of(1, port).write(data.resolve("server.json"));
    Path secrets = Files.createDirectories(data.resolve("secrets"));
    Path cliSecret = serverFolder.dataDir().resolve("secrets").resolve("cli.json");
    assertThat(Files.getPosixFilePermissions(cliSecret))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    Files.copy(cliSecret, secrets.resolve("cli.json"), StandardCopyOption.REPLACE_EXISTING);
    String d = data.toString();

    CliTestAccess.Run added =
        CliTestAccess.run(
            "a long password\n",
            "users",
            "add",
            "nurse",
            "--role",
            "clinician",
            "--role",
            "coder",
            "--clearance",
            "R,PSY",
            "--data",
            d);
    assertThat(added.status()).as(added.err()).isZero();
    CliTestAccess.Run patient =
        CliTestAccess.run(
            "another password\n",
            "users",
            "add",
            "pat",
            "--role",
            "patient",
            "--patient",
            "123",
            "--data",
            d);
    assertThat(patient.status()).as(patient.err()).isZero();
    CliTestAccess.Run duplicate =
        CliTestAccess.run(
            "a long password\n", "users", "add", "nurse", "--role", "coder", "--data", d);
    assertThat(duplicate.status()).isEqualTo(1);
    CliTestAccess.Run disabled = CliTestAccess.run("", "users", "disable", "nurse", "--data", d);
    assertThat(disabled.status()).isZero();
    CliTestAccess.Run list = CliTestAccess.run("", "users", "list", "--data", d);
    assertThat(list.out())
        .contains("nurse\tclinician,coder\t-\tdisabled")
        .contains("pat\tpatient\tPatient/123\tactive");
    assertThat(audit.ofSubtype("role-change")).hasSizeGreaterThanOrEqualTo(3);

    CliTestAccess.Run client =
        CliTestAccess.run("", "clients", "add", "backend", "--scopes", "system/*.rs", "--data", d);
    assertThat(client.status()).as(client.err()).isZero();
    JsonNode credentials = Json.parse(client.out());
    assertThat(credentials.path("client_id").asText()).isNotEmpty();
    assertThat(credentials.path("client_secret").asText()).hasSizeGreaterThan(30);

    CliTestAccess.Run token = CliTestAccess.run("", "token", "--data", d);
    assertThat(token.status()).isZero();
    assertThat(
            Http.anonymous(fhirBase())
                .get("/Patient", "Authorization", "Bearer " + token.out().trim())
                .statusCode())
        .isEqualTo(200);
    assertThat(claims(token.out().trim()).path("scope").asText()).contains("system/*.cruds");
  }
}
