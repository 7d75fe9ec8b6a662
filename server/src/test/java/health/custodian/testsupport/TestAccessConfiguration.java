package health.custodian.testsupport;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A programmable access policy for tests that check the gateway's enforcement of given rules
 * (import this configuration explicitly); everything else runs under the real policy.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestAccessConfiguration {

  @Bean
  @Primary
  TestAccessPolicy testAccessPolicy() {
    return new TestAccessPolicy();
  }
}
