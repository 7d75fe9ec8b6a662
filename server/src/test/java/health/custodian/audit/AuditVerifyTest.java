package health.custodian.audit;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.access.AuditTrail;
import health.custodian.access.Caller;
import health.custodian.access.Role;
import health.custodian.audit.internal.store.CheckpointWriter;
import health.custodian.cli.CliCommands;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import picocli.CommandLine;

/** Tamper cases: rows changed directly in SQL as the superuser; verify names the exact record. */
class AuditVerifyTest extends AuditTestSupport {

  private static final int RECORDS = 50;

  @Autowired AuditTrail trail;
  @Autowired CheckpointWriter checkpoints;

  private final Caller alice = user("alice", Role.CLINICIAN);
  private final Caller bob = user("bob", Role.CODER);

  @BeforeEach
  void fiftyRecordsAndABackup() throws Exception {
    try (Connection c = owner();
        Statement s = c.createStatement()) {
      var rs = s.executeQuery("select count(*) from audit_event");
      rs.next();
      for (long i = rs.getLong(1); i < RECORDS; i++) {
        trail.record(read(i < 5 ? bob : alice, "p" + (i % 7), "Patient/p" + (i % 7)));
      }
      s.execute("drop table if exists bk_event, bk_head, bk_term");
      s.execute("create table bk_event as select * from audit_event");
      s.execute("create table bk_head as select * from audit_head");
      s.execute("create table bk_term as select * from audit_term");
    }
    Files.deleteIfExists(checkpointFile());
  }

  @AfterEach
  void restore() throws Exception {
    try (Connection c = owner();
        Statement s = c.createStatement()) {
      s.execute(
          "truncate audit_event; insert into audit_event select * from bk_event;"
              + " delete from audit_head; insert into audit_head select * from bk_head;"
              + " delete from audit_term; insert into audit_term select * from bk_term");
    }
    Files.deleteIfExists(checkpointFile());
  }

  private Path checkpointFile() throws SQLException {
    try (Connection c = owner();
        Statement s = c.createStatement()) {
      var rs = s.executeQuery("select chain_id::text from audit_head");
      rs.next();
      return checkpointDir().resolve(rs.getString(1) + ".log");
    }
  }

  private void sql(String statements) throws SQLException {
    try (Connection c = owner();
        Statement s = c.createStatement()) {
      s.execute(statements);
    }
  }

  private int cli() {
    return new CommandLine(new CliCommands())
        .execute(
            "audit",
            "verify",
            "--data",
            DATA.toString(),
            "--db-url",
            dbUrl,
            "--db-user",
            "postgres",
            "--db-password",
            "");
  }

  private void assertNames(long position, String problem) throws Exception {
    VerifyReport r = verify();
    assertThat(r.intact()).as(r.message()).isFalse();
    assertThat(r.position()).as(r.message()).isEqualTo(position);
    assertThat(r.recordId()).isEqualTo("AuditEvent/" + position);
    assertThat(r.problem()).isEqualTo(problem);
    assertThat(cli()).isEqualTo(1);
  }

  @Test
  void anIntactChainVerifies() throws Exception {
    checkpoints.checkpoint();
    VerifyReport r = verify();
    assertThat(r.intact()).as(r.message()).isTrue();
    assertThat(r.checked()).isEqualTo(RECORDS);
    assertThat(cli()).isZero();
  }

  @Test
  void anEditedRecordIsNamed() throws Exception {
    sql("update audit_event set outcome = 8 where seq = 17");
    assertNames(17, "edited");
  }

  @Test
  void anEditedPatientListIsNamed() throws Exception {
    sql("update audit_event set patients = array['someone-else'] where seq = 33");
    assertNames(33, "edited");
  }

  @Test
  void aDeletedRecordIsNamed() throws Exception {
    sql("delete from audit_event where seq = 23");
    assertNames(23, "deleted");
  }

  @Test
  void reorderedRecordsAreNamed() throws Exception {
    // swap the contents (mac included) of positions 30 and 31
    sql(
        "update audit_event e set recorded = o.recorded, agent = o.agent, subtype = o.subtype,"
            + " address = o.address, session = o.session, outcome = o.outcome, action = o.action,"
            + " emergency = o.emergency, entities = o.entities, patients = o.patients, mac = o.mac"
            + " from bk_event o where (e.seq, o.seq) in ((30, 31), (31, 30))");
    assertNames(30, "edited");
  }

  @Test
  void anEditedDictionaryTermIsNamedAtItsFirstUse() throws Exception {
    // alice's first record is position 6 (bob made 1-5)
    sql("update audit_term set term = 'U:mallory' where term = 'U:alice'");
    assertNames(6, "edited");
  }

  @Test
  void aTruncatedTailIsNamedByTheCheckpointEvenWhenTheHeadIsRewound() throws Exception {
    checkpoints.checkpoint();
    sql(
        "delete from audit_event where seq > 40;"
            + " update audit_head set seq = 40, mac = (select mac from audit_event where seq = 40)");
    assertNames(41, "truncated");
  }

  @Test
  void aTruncatedTailIsNamedByTheHead() throws Exception {
    sql("delete from audit_event where seq > 45");
    assertNames(46, "truncated");
  }

  @Test
  void aForgedCheckpointIsRefused() throws Exception {
    checkpoints.checkpoint();
    Path file = checkpointFile();
    String line = Files.readAllLines(file, StandardCharsets.UTF_8).get(0);
    Files.writeString(
        file,
        line.replace("\"seq\":50", "\"seq\":10") + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.TRUNCATE_EXISTING);
    VerifyReport r = verify();
    assertThat(r.intact()).isFalse();
    assertThat(r.problem()).isEqualTo("checkpoint-invalid");
  }
}
