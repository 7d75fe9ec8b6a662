package health.custodian;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Module boundaries: modules talk only through each other's public API packages. */
class ModularityTests {

  private final ApplicationModules modules = ApplicationModules.of(CustodianApplication.class);

  @Test
  void modulesRespectTheirBoundaries() {
    modules.verify();
  }

  @Test
  void recordsIsAModule() {
    org.assertj.core.api.Assertions.assertThat(modules.getModuleByName("records")).isPresent();
  }
}
