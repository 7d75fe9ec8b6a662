package health.custodian.audit.internal.store;

import health.custodian.audit.internal.AuditProperties;
import health.custodian.audit.internal.chain.AuditKeys;
import health.custodian.audit.internal.chain.Checkpoints;
import health.custodian.platform.DataFolder;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires the audit store: keys from the key file, the appender, the writer, checkpoints. */
@Configuration(proxyBeanMethods = false)
class AuditStoreConfiguration {

  @Bean
  AuditKeys auditKeys(AuditProperties props, DataFolder folder) {
    return AuditKeys.readOrCreate(
        props.keyFile() != null
            ? props.keyFile()
            : folder.dataDir().resolve("secrets").resolve("audit.key"));
  }

  @Bean
  Checkpoints auditCheckpoints(AuditProperties props, DataFolder folder, AuditKeys keys) {
    return new Checkpoints(
        props.checkpointDir() != null
            ? props.checkpointDir()
            : folder.dataDir().resolve("audit").resolve("checkpoints"),
        keys);
  }

  @Bean
  Terms auditTerms() {
    return new Terms();
  }

  @Bean
  AuditAppender auditAppender(AuditKeys keys, Terms terms) {
    return new AuditAppender(keys, terms);
  }

  @Bean(destroyMethod = "close")
  GroupCommitWriter auditWriter(
      DataSource dataSource,
      AuditAppender appender,
      AuditKeys keys,
      Terms terms,
      AuditProperties props) {
    return new GroupCommitWriter(
        dataSource,
        appender,
        new LeaderAppend(keys, terms),
        terms,
        Math.max(1, props.maxBatch()),
        props.commitDelay().isNegative() ? Duration.ZERO : props.commitDelay());
  }

  @Bean
  JdbcAuditTrail auditTrail(
      DataSource dataSource, AuditAppender appender, Terms terms, GroupCommitWriter writer) {
    return new JdbcAuditTrail(dataSource, appender, terms, writer);
  }

  @Bean(destroyMethod = "close")
  CheckpointWriter auditCheckpointWriter(
      JdbcClient jdbc, Checkpoints checkpoints, AuditProperties props) {
    return new CheckpointWriter(jdbc, checkpoints, Clock.systemUTC(), props.checkpointInterval());
  }
}
