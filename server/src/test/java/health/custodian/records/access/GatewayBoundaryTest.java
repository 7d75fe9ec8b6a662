package health.custodian.records.access;

import static org.assertj.core.api.Assertions.assertThat;

import health.custodian.records.internal.search.AccessSearch;
import health.custodian.records.internal.search.IncludeResolver;
import health.custodian.records.internal.search.PatientCompartment;
import health.custodian.records.internal.search.PatientEverything;
import health.custodian.records.internal.search.SearchService;
import health.custodian.records.internal.storage.RecordReader;
import health.custodian.records.internal.storage.WriteSessions;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.RestController;

/**
 * Structural half of issue #5's "one gateway": no controller, and nothing in the REST package, can
 * reach the stores beneath the records gateway; it fails as soon as one takes such a dependency
 * (field or constructor parameter).
 */
class GatewayBoundaryTest {

  private static final Set<Class<?>> BENEATH_THE_GATEWAY =
      Set.of(
          RecordReader.class,
          SearchService.class,
          WriteSessions.class,
          AccessSearch.class,
          IncludeResolver.class,
          PatientCompartment.class,
          PatientEverything.class,
          JdbcTemplate.class);

  @Test
  void controllersAndTheRestPackageGoThroughTheGateway() throws Exception {
    List<Class<?>> checked = new ArrayList<>();
    List<String> violations = new ArrayList<>();
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false) {
          @Override
          protected boolean isCandidateComponent(
              org.springframework.beans.factory.annotation.AnnotatedBeanDefinition d) {
            return true;
          }
        };
    scanner.addIncludeFilter((reader, factory) -> true);
    for (BeanDefinition d : scanner.findCandidateComponents("health.custodian.records")) {
      Class<?> c = Class.forName(d.getBeanClassName());
      // The product's classes only: a benchmark harness may serve the raw store beneath the
      // gateway (GatewayHttpBenchmark.RawController), the product never can.
      if (c.getProtectionDomain()
          .getCodeSource()
          .getLocation()
          .getPath()
          .contains("test-classes")) {
        continue;
      }
      boolean controller = c.isAnnotationPresent(RestController.class);
      boolean rest = c.getPackageName().endsWith(".internal.rest");
      // The CapabilityStatement reads which search parameters exist, never resources.
      if ((!controller && !rest) || c.getSimpleName().equals("CapabilityStatementFactory")) {
        continue;
      }
      checked.add(c);
      for (Field f : c.getDeclaredFields()) {
        if (BENEATH_THE_GATEWAY.contains(f.getType())) {
          violations.add(c.getSimpleName() + "." + f.getName());
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        for (Class<?> p : k.getParameterTypes()) {
          if (BENEATH_THE_GATEWAY.contains(p)) {
            violations.add(c.getSimpleName() + "(" + p.getSimpleName() + ")");
          }
        }
      }
    }
    assertThat(checked)
        .extracting(Class::getSimpleName)
        .contains(
            "ResourceController",
            "SearchController",
            "HistoryController",
            "CompartmentController",
            "SystemController",
            "BulkController",
            "SearchResults",
            "OperationDispatcher");
    assertThat(violations).isEmpty();
  }
}
