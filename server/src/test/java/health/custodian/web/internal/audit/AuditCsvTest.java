package health.custodian.web.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.audit.AuditEntry;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV quoting (RFC 4180 section 2) and the working-hours rule of the unusual access report. */
class AuditCsvTest {

  @Test
  void fieldsWithCommasQuotesOrLineBreaksAreQuotedWithQuotesDoubled() {
    assertThat(AuditCsv.field("plain")).isEqualTo("plain");
    assertThat(AuditCsv.field("a,b")).isEqualTo("\"a,b\"");
    assertThat(AuditCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(AuditCsv.field("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(AuditCsv.field("")).isEmpty();
  }

  @Test
  void formulaLikeFieldsAreNeutralised() {
    assertThat(AuditCsv.field("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(AuditCsv.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
  }

  @Test
  void rowsEndWithCrLfAndFollowTheHeader() {
    AuditEntry e =
        new AuditEntry(
            7,
            Instant.parse("2026-01-02T03:04:05Z"),
            "user",
            "dr-a",
            "R",
            "read",
            0,
            null,
            List.of("Patient/1", "Observation/2"),
            List.of("1"),
            "10.0.0.7",
            true,
            "g-1");
    assertThat(AuditCsv.write(List.of(e)))
        .isEqualTo(
            AuditCsv.HEADER
                + "\r\n7,2026-01-02T03:04:05Z,user,dr-a,R,read,0,,Patient/1 Observation/2,1,"
                + "10.0.0.7,true,g-1\r\n");
  }

  @Test
  void workingHoursMayCrossMidnightAndEqualEndsMeanNone() {
    LocalTime seven = LocalTime.of(7, 0);
    LocalTime nineteen = LocalTime.of(19, 0);
    assertThat(UnusualAccess.afterHours(LocalTime.of(6, 59), seven, nineteen)).isTrue();
    assertThat(UnusualAccess.afterHours(LocalTime.of(7, 0), seven, nineteen)).isFalse();
    assertThat(UnusualAccess.afterHours(LocalTime.of(19, 0), seven, nineteen)).isTrue();
    assertThat(UnusualAccess.afterHours(LocalTime.of(23, 0), nineteen, seven)).isFalse();
    assertThat(UnusualAccess.afterHours(LocalTime.of(12, 0), nineteen, seven)).isTrue();
    assertThat(UnusualAccess.afterHours(LocalTime.NOON, seven, seven)).isTrue();
  }
}
