package health.custodian.records.internal.rest;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Model facts for {@code _summary} and {@code _elements} (R4 search 3.1.1.5.9/10), from HAPI's
 * structure definitions, computed once per type: the top-level elements marked summary, and those
 * that are mandatory (min &gt; 0). Names of choice elements are their stem ({@code value} for
 * {@code value[x]}).
 */
@Component
class SummaryElements {

  /** Kept in every subset: the spec's "id, meta" and the JSON type marker. */
  static final Set<String> ALWAYS = Set.of("resourceType", "id", "meta");

  record TypeFacts(Set<String> summary, Set<String> mandatory, Set<String> choices) {}

  private final Map<String, TypeFacts> cache = new ConcurrentHashMap<>();

  TypeFacts of(String type) {
    return cache.computeIfAbsent(type, SummaryElements::load);
  }

  private static TypeFacts load(String type) {
    Set<String> summary = new LinkedHashSet<>();
    Set<String> mandatory = new LinkedHashSet<>();
    Set<String> choices = new LinkedHashSet<>();
    RuntimeResourceDefinition def;
    try {
      def = FhirContext.forR4Cached().getResourceDefinition(type);
    } catch (RuntimeException e) {
      return new TypeFacts(Set.of(), Set.of(), Set.of());
    }
    for (BaseRuntimeChildDefinition child : def.getChildren()) {
      String name = child.getElementName();
      if (child.isSummary()) {
        summary.add(name);
      }
      if (child.getMin() > 0) {
        mandatory.add(name);
      }
      if (child instanceof RuntimeChildChoiceDefinition) {
        choices.add(name);
      }
    }
    return new TypeFacts(Set.copyOf(summary), Set.copyOf(mandatory), Set.copyOf(choices));
  }
}
