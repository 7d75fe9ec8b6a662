package health.custodian.records.internal.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The core R4 value sets HAPI ships, expanded exactly as for required bindings ({@link
 * ValueSetExpander}), for search's {@code :in} and {@code :not-in}. Loaded on first use: the first
 * search naming a core value set pays for reading HAPI's value set bundle.
 */
public final class CoreValueSets {

  private @Nullable ValueSetExpander expander;

  /** Code system to codes, or null when the value set is unknown or not exactly expandable. */
  public synchronized @Nullable Map<String, Set<String>> expand(String canonical) {
    ValueSetExpander e = expander;
    if (e == null) {
      e = new ValueSetExpander(new DefaultProfileValidationSupport(FhirContext.forR4Cached()));
      expander = e;
    }
    CodeSet set = e.expand(canonical);
    return set == null ? null : set.codesBySystem();
  }
}
