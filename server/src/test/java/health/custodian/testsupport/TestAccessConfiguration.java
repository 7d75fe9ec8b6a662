package health.custodian.testsupport;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The access contract's implementations for tests, until the security and audit modules are merged
 * (they then replace these; the test ones stay only where a test programs them).
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestAccessConfiguration {

  @Bean
  TestCallerContext testCallerContext() {
    return new TestCallerContext();
  }

  @Bean
  TestAccessPolicy testAccessPolicy() {
    return new TestAccessPolicy();
  }

  @Bean
  RecordingAuditTrail recordingAuditTrail() {
    return new RecordingAuditTrail();
  }
}
