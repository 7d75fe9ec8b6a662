package health.custodian.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.custodian.CustodianApplication;
import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.testsupport.RecordingAuditTrail;
import health.custodian.testsupport.TestDatabase;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The administration the command line uses when no server runs on the data folder: the application
 * without a web server, as {@code custodian users|clients|token} start it.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(
    classes = CustodianApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE)
@Import(RecordingAuditTrail.class)
class LocalAdministrationTest {

  @Autowired UserAdministration admin;
  @Autowired JwtDecoder decoder;
  @Autowired RecordingAuditTrail audit;

  private final Caller cli = Caller.system(UserAdministration.CLI_CLIENT_ID);

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    String url = TestDatabase.newDatabaseUrl();
    registry.add("custodian.db.url", () -> url);
    registry.add("custodian.db.user", () -> "postgres");
    registry.add("custodian.db.password", () -> "");
  }

  @Test
  void addsListsAndDisablesUsersWithoutAWebServer() {
    assertThat(
            admin.addUser(
                cli,
                new UserAdministration.NewUser(
                    "coder1", "a good password", Set.of(Role.CODER), null, null, Set.of("R"))))
        .isTrue();
    assertThat(
            admin.addUser(
                cli,
                new UserAdministration.NewUser(
                    "coder1", "another password", Set.of(Role.CODER), null, null, Set.of())))
        .isFalse();
    assertThatThrownBy(
            () ->
                admin.addUser(
                    cli,
                    new UserAdministration.NewUser(
                        "p", "long enough", Set.of(Role.PATIENT), null, null, Set.of())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                admin.addUser(
                    cli,
                    new UserAdministration.NewUser(
                        "short", "1234567", Set.of(Role.CODER), null, null, Set.of())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(admin.disableUser(cli, "coder1")).isTrue();
    assertThat(admin.disableUser(cli, "nobody")).isFalse();
    assertThat(admin.listUsers())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.name()).isEqualTo("coder1");
              assertThat(u.roles()).containsExactly("coder");
              assertThat(u.clearances()).containsExactly("R");
              assertThat(u.disabled()).isTrue();
            });
    assertThat(audit.ofSubtype("role-change")).hasSize(2);
  }

  @Test
  void mintsAVerifiableCommandLineTokenAndRegistersClients() {
    Jwt token = decoder.decode(admin.cliToken());
    assertThat(token.getSubject()).isEqualTo(UserAdministration.CLI_CLIENT_ID);
    assertThat(token.getClaimAsString("scope")).contains("system/*.cruds", "custodian.admin");
    assertThat(token.getClaimAsStringList("clearances")).contains("R", "V", "PSY");
    UserAdministration.ClientCredentials client =
        admin.addClient(cli, "reporting", List.of("system/*.rs"), null);
    assertThat(client.clientSecret()).hasSizeGreaterThan(30);
    assertThat(audit.ofSubtype("token-issue")).isNotEmpty();
  }
}
