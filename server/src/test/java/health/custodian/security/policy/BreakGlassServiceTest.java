package health.custodian.security.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.custodian.access.AccessDeniedException;
import health.custodian.access.AccessPolicy;
import health.custodian.access.AccessRules;
import health.custodian.access.AuditRecord;
import health.custodian.access.Caller;
import health.custodian.access.CallerContext;
import health.custodian.access.Interaction;
import health.custodian.access.Role;
import health.custodian.records.FhirException;
import health.custodian.testsupport.Http;
import health.custodian.testsupport.IntegrationTest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Break-the-glass against the real database: grants, refusals, expiry on an injectable clock, the
 * review queue, the audit records written, and the HTTP endpoints.
 */
@Import(BreakGlassServiceTest.Fakes.class)
class BreakGlassServiceTest extends IntegrationTest {

  private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");
  private static final String REASON = "Unconscious patient in the emergency department";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired BreakGlassService service;
  @Autowired AccessPolicy policy;
  @Autowired Fakes.MutableClock clock;
  @Autowired Fakes.TestCallers callers;
  @Autowired JdbcClient jdbc;

  private Http http;

  @BeforeEach
  void reset() {
    clock.set(START);
    audit.clear();
    audit.failing(false);
    callers.current.set(null);
    http = new Http("http://localhost:" + port);
  }

  @Test
  void grantLastsTheConfiguredDurationAndIsAudited() {
    Caller alice = user("alice", Role.CLINICIAN);
    Caller.BreakGlass grant = service.grant(alice, "  " + REASON + "  ");

    assertThat(grant.reason()).isEqualTo(REASON);
    assertThat(grant.granted()).isEqualTo(START);
    assertThat(grant.expires()).isEqualTo(START.plus(Duration.ofHours(4)));
    assertThat(service.active("alice")).contains(grant);
    assertThat(service.active("someone-else")).isEmpty();

    assertThat(audit.records()).hasSize(1);
    AuditRecord record = audit.records().get(0);
    assertThat(record.subtype()).isEqualTo("break-glass");
    assertThat(record.emergency()).isTrue();
    assertThat(record.breakGlassId()).isEqualTo(grant.id());
    assertThat(record.outcome()).isEqualTo(AuditRecord.Outcome.SUCCESS);
    assertThat(record.caller().id()).isEqualTo("alice");
    assertThat(record.recorded()).isEqualTo(START);
    assertThat(String.valueOf(record.detail())).doesNotContain("Unconscious");
  }

  @Test
  void grantExpires() {
    Caller.BreakGlass grant = service.grant(user("bob", Role.CLINICIAN), REASON);

    Caller inEmergency =
        new Caller(
            "bob",
            Caller.Kind.USER,
            Set.of(Role.CLINICIAN),
            Set.of(),
            null,
            Set.of(),
            Set.of(),
            grant,
            null,
            null);

    clock.set(grant.expires().minusSeconds(1));
    assertThat(service.active("bob")).contains(grant);
    AccessRules during = policy.rules(inEmergency, Interaction.READ, "Observation");
    assertThat(during.emergency()).isTrue();
    assertThat(during.applyConsent()).isFalse();
    assertThat(during.hiddenLabels()).isEmpty();

    clock.set(grant.expires());
    assertThat(service.active("bob")).isEmpty();
    AccessRules after = policy.rules(inEmergency, Interaction.READ, "Observation");
    assertThat(after.emergency()).isFalse();
    assertThat(after.applyConsent()).isTrue();
    assertThat(after.hiddenLabels()).contains("R", "PSY");
    clock.set(grant.expires().plus(Duration.ofDays(1)));
    assertThat(service.active("bob")).isEmpty();
  }

  @Test
  void theLongestActiveGrantIsInForce() {
    Caller carol = user("carol", Role.CLINICIAN);
    Caller.BreakGlass first = service.grant(carol, REASON);
    clock.set(START.plus(Duration.ofHours(1)));
    Caller.BreakGlass second = service.grant(carol, REASON + ", still resuscitating");

    assertThat(service.active("carol")).contains(second);
    clock.set(first.expires());
    assertThat(service.active("carol")).contains(second);
  }

  @Test
  void grantsAreReadOncePerChangeAndJudgedAtEachInstant() {
    Caller quinn = user("quinn", Role.CLINICIAN);
    assertThat(service.active("quinn")).isEmpty();
    assertThat(service.active("quinn")).isEmpty();
    Caller.BreakGlass grant = service.grant(quinn, REASON);
    assertThat(service.active("quinn")).contains(grant);
    clock.set(grant.expires());
    assertThat(service.active("quinn")).isEmpty();
    // a clock set back reads again: the grant is in force at that instant
    clock.set(START.plusSeconds(1));
    assertThat(service.active("quinn")).contains(grant);
    // a grant that has not begun at the instant asked is not in force (as the query had it)
    clock.set(START.minusSeconds(1));
    assertThat(service.active("quinn")).isEmpty();
    clock.set(START.plusSeconds(2));
    assertThat(service.active("quinn")).contains(grant);
  }

  @Test
  void refusesWithoutAReason() {
    Caller dan = user("dan", Role.CLINICIAN);
    for (String reason : new String[] {null, "", "   ", "emergency"}) {
      assertThatThrownBy(() -> service.grant(dan, reason))
          .isInstanceOfSatisfying(
              FhirException.class,
              e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.code()).isEqualTo("break-glass-reason");
              });
    }
    assertThat(service.active("dan")).isEmpty();
    assertThat(grantsOf("dan")).isZero();
    assertThat(audit.records())
        .hasSize(4)
        .allSatisfy(
            r -> {
              assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.MINOR_FAILURE);
              assertThat(r.detail()).isEqualTo("break-glass-reason");
              assertThat(r.emergency()).isFalse();
            });
  }

  @Test
  void refusesRolesThatMayNotBreakTheGlass() {
    for (Caller caller :
        List.of(
            user("erin", Role.CODER),
            user("erin", Role.DATA_ANALYST, Role.BILLING_SPECIALIST),
            user("erin", Role.ADMINISTRATOR),
            user("erin"),
            new Caller(
                "erin",
                Caller.Kind.CLIENT,
                Set.of(Role.CLINICIAN),
                Set.of("system/*.rs"),
                null,
                Set.of(),
                Set.of(),
                null,
                null,
                null))) {
      assertThatThrownBy(() -> service.grant(caller, REASON))
          .isInstanceOfSatisfying(
              AccessDeniedException.class,
              e -> {
                assertThat(e.status()).isEqualTo(403);
                assertThat(e.code()).isEqualTo("break-glass-role");
              });
    }
    assertThat(grantsOf("erin")).isZero();
    assertThat(audit.records())
        .hasSize(5)
        .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.MINOR_FAILURE));
  }

  @Test
  void aGrantWithoutItsAuditRecordIsNotKept() {
    audit.failing(true);
    assertThatThrownBy(() -> service.grant(user("frank", Role.CLINICIAN), REASON))
        .isInstanceOf(IllegalStateException.class);
    assertThat(grantsOf("frank")).isZero();
    assertThat(service.active("frank")).isEmpty();
  }

  @Test
  void reviewQueue() {
    Caller.BreakGlass g1 = service.grant(user("gina", Role.CLINICIAN), REASON);
    clock.set(START.plusSeconds(60));
    Caller.BreakGlass g2 = service.grant(user("hank", Role.CLINICIAN), REASON);
    Caller auditor = user("ivy", Role.COMPLIANCE_AUDITOR);

    assertThat(ids(service.reviewQueue(auditor))).containsSubsequence(g1.id(), g2.id());
    audit.clear();

    BreakGlassGrant reviewed = service.review(g1.id(), auditor, "justified", "Trauma call, ok");
    assertThat(reviewed.reviewedBy()).isEqualTo("ivy");
    assertThat(reviewed.reviewedAt()).isEqualTo(START.plusSeconds(60));
    assertThat(reviewed.reviewOutcome()).isEqualTo("justified");
    assertThat(reviewed.reviewComment()).isEqualTo("Trauma call, ok");
    assertThat(ids(service.reviewQueue())).doesNotContain(g1.id()).contains(g2.id());

    assertThat(audit.records()).hasSize(1);
    AuditRecord record = audit.records().get(0);
    assertThat(record.subtype()).isEqualTo("break-glass");
    assertThat(record.emergency()).isTrue();
    assertThat(record.breakGlassId()).isEqualTo(g1.id());
    assertThat(record.caller().id()).isEqualTo("ivy");
    assertThat(record.outcome()).isEqualTo(AuditRecord.Outcome.SUCCESS);

    // Reviewed once only; by auditors only; never one's own; known grants and outcomes only.
    assertThatThrownBy(() -> service.review(g1.id(), auditor, "unjustified", null))
        .isInstanceOfSatisfying(FhirException.class, e -> assertThat(e.status()).isEqualTo(409));
    assertThatThrownBy(() -> service.review(g2.id(), user("gina", Role.CLINICIAN), "justified", ""))
        .isInstanceOfSatisfying(
            AccessDeniedException.class,
            e -> assertThat(e.code()).isEqualTo("break-glass-review-role"));
    assertThatThrownBy(() -> service.reviewQueue(user("gina", Role.CLINICIAN)))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(
            () -> service.review(g2.id(), user("hank", Role.COMPLIANCE_AUDITOR), "justified", null))
        .isInstanceOfSatisfying(
            AccessDeniedException.class,
            e -> assertThat(e.code()).isEqualTo("break-glass-self-review"));
    assertThatThrownBy(() -> service.review("no-such-grant", auditor, "justified", null))
        .isInstanceOfSatisfying(FhirException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(() -> service.review(g2.id(), auditor, "fine", null))
        .isInstanceOfSatisfying(FhirException.class, e -> assertThat(e.status()).isEqualTo(400));
    assertThat(ids(service.reviewQueue())).contains(g2.id());
  }

  @Test
  void httpEndpoints() throws Exception {
    callers.current.set(user("jack", Role.CLINICIAN));
    HttpResponse<String> granted =
        http.post(
            "/auth/break-glass",
            JSON.writeValueAsString(java.util.Map.of("reason", REASON)),
            "Content-Type",
            "application/json");
    assertThat(granted.statusCode()).isEqualTo(201);
    JsonNode grant = JSON.readTree(granted.body());
    assertThat(grant.path("expires").asText())
        .isEqualTo(START.plus(Duration.ofHours(4)).toString());
    String id = grant.path("id").asText();
    assertThat(service.active("jack").map(Caller.BreakGlass::id)).contains(id);

    HttpResponse<String> noReason =
        http.post("/auth/break-glass", "{}", "Content-Type", "application/json");
    assertThat(noReason.statusCode()).isEqualTo(400);
    assertThat(noReason.body()).contains("OperationOutcome", "break-glass-reason");
    HttpResponse<String> notJson =
        http.post("/auth/break-glass", "{reason", "Content-Type", "application/json");
    assertThat(notJson.statusCode()).isEqualTo(400);

    // Not a compliance auditor: no queue, no review.
    HttpResponse<String> queueDenied = http.get("/auth/break-glass/reviews");
    assertThat(queueDenied.statusCode()).isEqualTo(403);
    assertThat(queueDenied.body()).contains("OperationOutcome", "break-glass-review-role");

    callers.current.set(user("kate", Role.CODER));
    HttpResponse<String> coder = http.post("/auth/break-glass", "{\"reason\":\"" + REASON + "\"}");
    assertThat(coder.statusCode()).isEqualTo(403);
    assertThat(coder.body()).contains("OperationOutcome", "break-glass-role");

    callers.current.set(user("lena", Role.COMPLIANCE_AUDITOR));
    HttpResponse<String> queue = http.get("/auth/break-glass/reviews");
    assertThat(queue.statusCode()).isEqualTo(200);
    JsonNode queued = JSON.readTree(queue.body());
    assertThat(queued.isArray()).isTrue();
    assertThat(queued.findValuesAsText("id")).contains(id);
    assertThat(queued.findValuesAsText("reason")).contains(REASON);

    HttpResponse<String> reviewed =
        http.post(
            "/auth/break-glass/" + id + "/review",
            "{\"outcome\":\"unjustified\",\"comment\":\"No emergency recorded\"}");
    assertThat(reviewed.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(reviewed.body()).path("outcome").asText()).isEqualTo("unjustified");
    assertThat(JSON.readTree(http.get("/auth/break-glass/reviews").body()).findValuesAsText("id"))
        .doesNotContain(id);

    callers.current.set(null);
    assertThat(http.get("/auth/break-glass/reviews").statusCode()).isEqualTo(401);
  }

  private long grantsOf(String userId) {
    return jdbc.sql("select count(*) from break_glass where user_id = ?")
        .param(userId)
        .query(Long.class)
        .single();
  }

  private static List<String> ids(List<BreakGlassGrant> grants) {
    return grants.stream().map(BreakGlassGrant::id).toList();
  }

  private static Caller user(String id, Role... roles) {
    return new Caller(
        id,
        Caller.Kind.USER,
        Set.of(roles),
        Set.of(),
        null,
        Set.of(),
        Set.of(),
        null,
        "127.0.0.1",
        "session-" + id);
  }

  /** Stand-ins for the beans the auth and audit modules provide in the product. */
  @TestConfiguration
  static class Fakes {

    @Bean
    MutableClock clock() {
      return new MutableClock();
    }

    @Bean
    @Primary
    TestCallers callerContext() {
      return new TestCallers();
    }

    static final class MutableClock extends Clock {
      private volatile Instant now = START;

      void set(Instant instant) {
        now = instant;
      }

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now;
      }
    }

    static final class TestCallers implements CallerContext {
      final AtomicReference<@Nullable Caller> current = new AtomicReference<>();

      @Override
      public Caller current() {
        Caller caller = current.get();
        if (caller == null) {
          throw AccessDeniedException.unauthenticated("Sign in first");
        }
        return caller;
      }
    }
  }
}
