package health.custodian.records.internal.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SearchParameterRegistryTest {

  @Test
  void loadsTheBaseParametersQuickly() {
    new SearchParameterRegistry(); // warm-up: class loading of Jackson and the parser
    long start = System.nanoTime();
    SearchParameterRegistry registry = new SearchParameterRegistry();
    long millis = (System.nanoTime() - start) / 1_000_000;

    List<SearchParam> all = registry.all();
    Map<String, Integer> reasons = new TreeMap<>();
    all.stream()
        .filter(p -> !p.supported())
        .forEach(
            p -> reasons.merge(p.unsupportedReason().replaceAll(" for .*", ""), 1, Integer::sum));
    long unsupported = all.stream().filter(p -> !p.supported()).count();
    System.out.printf(
        "registry: %d bindings loaded in %d ms (warm), %d unsupported%n",
        all.size(), millis, unsupported);
    reasons.forEach((r, n) -> System.out.printf("  %4d %s%n", n, r));

    assertThat(registry.find("Patient", "name").supported()).isTrue();
    assertThat(registry.find("Patient", "name").type()).isEqualTo(SearchParam.Type.STRING);
    assertThat(registry.find("Patient", "_id").source()).isEqualTo(SearchParam.Source.RESOURCE_ID);
    assertThat(registry.find("Observation", "_lastUpdated").supported()).isTrue();
    assertThat(registry.find("Observation", "value-quantity").supported()).isTrue();
    assertThat(registry.find("Observation", "code-value-quantity").supported()).isTrue();
    assertThat(registry.find("Patient", "nonsense")).isNull();
    // Multi-base expressions keep only the branch of their own base.
    assertThat(registry.find("Observation", "patient").expression()).isNotNull();
    assertThat(registry.find("Observation", "patient").expression().toString())
        .contains("Observation")
        .doesNotContain("AllergyIntolerance");
    assertThat(registry.indexed("Patient")).extracting(SearchParam::code).contains("name", "_tag");
    // No FHIRPath of the base parameters falls outside the implemented subset.
    assertThat(reasons.keySet()).noneMatch(r -> r.startsWith("unsupported FHIRPath"));
  }
}
