package health.custodian.web.internal.chart;

import health.custodian.access.AccessPolicy;
import health.custodian.access.Caller;
import health.custodian.access.CallerContext;
import health.custodian.access.Interaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Which chart sections the caller's role does not reach at all, so that the page says so instead of
 * showing an empty list that reads as "nothing recorded" (a billing specialist sees encounters and
 * claims but no notes: docs/security.md "Role matrix"). Asks the access policy the same question
 * the gateway asks for {@code $everything} (search on each type); it decides nothing itself and
 * touches no patient data, so nothing is audited for asking.
 */
@Component
class SectionAccess {

  /** The resource types each section shows, as the chart's builders read them. */
  static final Map<String, List<String>> TYPES = types();

  static final Map<String, String> LABELS =
      Map.ofEntries(
          Map.entry("encounters", "encounters"),
          Map.entry("problems", "problems and diagnoses"),
          Map.entry("medications", "medications"),
          Map.entry("labs", "laboratory results"),
          Map.entry("vitals", "vital signs"),
          Map.entry("notes", "notes and reports"),
          Map.entry("procedures", "procedures"),
          Map.entry("immunizations", "immunizations"),
          Map.entry("allergies", "allergies"),
          Map.entry("careplans", "care plans"),
          Map.entry("claims", "claims and explanations of benefit"));

  private final AccessPolicy policy;
  private final CallerContext callers;

  SectionAccess(AccessPolicy policy, CallerContext callers) {
    this.policy = policy;
    this.callers = callers;
  }

  /**
   * The sections none of whose types the current caller may search.
   *
   * @param sections their names
   * @param labels what they show, in the page's order, for the notice
   */
  record Refused(Set<String> sections, List<String> labels) {

    public boolean contains(String section) {
      return sections.contains(section);
    }

    public boolean isEmpty() {
      return sections.isEmpty();
    }
  }

  Refused refused() {
    Caller caller = callers.current();
    Set<String> sections = new TreeSet<>();
    List<String> labels = new ArrayList<>();
    TYPES.forEach(
        (section, types) -> {
          if (types.stream()
              .noneMatch(t -> policy.rules(caller, Interaction.SEARCH, t).permitted())) {
            sections.add(section);
            labels.add(LABELS.get(section));
          }
        });
    return new Refused(Set.copyOf(sections), List.copyOf(labels));
  }

  private static Map<String, List<String>> types() {
    Map<String, List<String>> t = new LinkedHashMap<>();
    t.put("encounters", List.of("Encounter"));
    t.put("problems", List.of("Condition"));
    t.put("medications", List.of("MedicationRequest"));
    t.put("labs", List.of("Observation", "DiagnosticReport"));
    t.put("vitals", List.of("Observation"));
    t.put("notes", List.of("DocumentReference", "DiagnosticReport", "ImagingStudy"));
    t.put("procedures", List.of("Procedure"));
    t.put("immunizations", List.of("Immunization"));
    t.put("allergies", List.of("AllergyIntolerance"));
    t.put("careplans", List.of("CarePlan"));
    t.put("claims", List.of("Claim", "ExplanationOfBenefit"));
    return java.util.Collections.unmodifiableMap(t);
  }
}
