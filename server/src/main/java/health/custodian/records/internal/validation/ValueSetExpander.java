package health.custodian.records.internal.validation;

import ca.uhn.fhir.context.support.IValidationSupport;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ValueSet;
import org.jspecify.annotations.Nullable;

/**
 * Expands the core value sets of required bindings into code sets, once, at model compile time.
 *
 * <p>Only what can be expanded exactly is expanded (R4 ValueSet §4.9.5 compose rules): enumerated
 * concepts, and includes of whole core code systems with complete content. A value set using
 * filters, external code systems (like UCUM or BCP-47), case-insensitive code systems or anything
 * else is reported as not expandable, and its binding is then not checked: a structural validator
 * must never raise a false error.
 */
final class ValueSetExpander {

  private final IValidationSupport support;
  private final Map<String, Optional<CodeSet>> cache = new HashMap<>();

  ValueSetExpander(IValidationSupport support) {
    this.support = support;
  }

  @Nullable CodeSet expand(String canonical) {
    String url = withoutVersion(canonical);
    Optional<CodeSet> cached = cache.get(url);
    if (cached == null) {
      // Guards against include cycles: a value set being expanded counts as not expandable.
      cache.put(url, Optional.empty());
      Map<String, Set<String>> codes = expandCodes(url);
      cached = Optional.ofNullable(codes == null ? null : CodeSet.of(url, codes));
      cache.put(url, cached);
    }
    return cached.orElse(null);
  }

  private @Nullable Map<String, Set<String>> expandCodes(String url) {
    if (!(support.fetchValueSet(url) instanceof ValueSet vs) || !vs.hasCompose()) {
      return null;
    }
    Map<String, Set<String>> codes = new HashMap<>();
    for (ValueSet.ConceptSetComponent include : vs.getCompose().getInclude()) {
      if (!addInclude(include, codes)) {
        return null;
      }
    }
    for (ValueSet.ConceptSetComponent exclude : vs.getCompose().getExclude()) {
      if (exclude.hasFilter() || exclude.hasValueSet() || !exclude.hasSystem()) {
        return null;
      }
      Set<String> set = codes.get(exclude.getSystem());
      if (set != null) {
        if (exclude.hasConcept()) {
          exclude.getConcept().forEach(c -> set.remove(c.getCode()));
        } else {
          codes.remove(exclude.getSystem());
        }
      }
    }
    return codes.isEmpty() ? null : codes;
  }

  private boolean addInclude(ValueSet.ConceptSetComponent include, Map<String, Set<String>> codes) {
    if (include.hasFilter()) {
      return false;
    }
    if (include.hasValueSet()) {
      if (include.hasSystem() || include.hasConcept()) {
        return false; // an intersection; not worth the complexity
      }
      for (var ref : include.getValueSet()) {
        CodeSet nested = expand(ref.getValue());
        if (nested == null) {
          return false;
        }
        nested
            .codesBySystem()
            .forEach((s, c) -> codes.computeIfAbsent(s, k -> new HashSet<>()).addAll(c));
      }
      return true;
    }
    if (!include.hasSystem()) {
      return false;
    }
    Set<String> target = codes.computeIfAbsent(include.getSystem(), k -> new HashSet<>());
    if (include.hasConcept()) {
      include.getConcept().forEach(c -> target.add(c.getCode()));
      return true;
    }
    if (!(support.fetchCodeSystem(include.getSystem()) instanceof CodeSystem cs)
        || cs.getContent() != CodeSystem.CodeSystemContentMode.COMPLETE
        || (cs.hasCaseSensitive() && !cs.getCaseSensitive())) {
      return false;
    }
    addAll(cs.getConcept(), target);
    return true;
  }

  private static void addAll(
      List<CodeSystem.ConceptDefinitionComponent> concepts, Set<String> into) {
    for (CodeSystem.ConceptDefinitionComponent c : concepts) {
      into.add(c.getCode());
      addAll(c.getConcept(), into);
    }
  }

  static String withoutVersion(String canonical) {
    int bar = canonical.indexOf('|');
    return bar < 0 ? canonical : canonical.substring(0, bar);
  }
}
