package health.custodian.web.internal.chart;

import com.fasterxml.jackson.databind.JsonNode;
import health.custodian.records.RecordQueries;
import health.custodian.web.internal.support.Fhir;
import health.custodian.web.internal.support.JsonTrees;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Service;

/**
 * Builds the patient chart from one {@code $everything} read through {@link RecordQueries} (so the
 * view is authorised and audited like the API), parsed once into a {@link ChartIndex}.
 */
@Service
class ChartService {

  /** The most a chart loads; a record larger than this shows its newest part and says so. */
  static final int MAX_RESOURCES = 20_000;

  static final int PAGE = 10;

  /** LOINC codes of the vital signs profile (R4 3.2.1.7 Vital Signs) charted on the page. */
  static final Map<String, String> VITALS =
      Map.of(
          "8480-6", "Systolic blood pressure",
          "8462-4", "Diastolic blood pressure",
          "8867-4", "Heart rate",
          "29463-7", "Body weight",
          "39156-5", "Body mass index");

  private final RecordQueries records;
  private final JsonTrees mapper;
  private final Clock clock;

  ChartService(RecordQueries records, JsonTrees mapper) {
    this.records = records;
    this.mapper = mapper;
    this.clock = Clock.systemUTC();
  }

  Optional<PatientChart> chart(String patientId) {
    return load(patientId).map(l -> build(l.patient(), l.index()));
  }

  /** One page of one section; empty when the patient or the section is unknown. */
  Optional<PatientChart.Section<?>> section(String patientId, String name, int page) {
    return load(patientId).flatMap(l -> Optional.ofNullable(section(l.index(), name, page)));
  }

  /** What happened in one encounter: its diagnoses, procedures, orders, results, notes, claims. */
  List<ChartRows.EncounterEntry> encounter(String patientId, String encounterId) {
    return load(patientId)
        .map(l -> EncounterEntries.of(l.index().inEncounter(encounterId)))
        .orElse(List.of());
  }

  private record Loaded(JsonNode patient, ChartIndex index) {}

  private Optional<Loaded> load(String patientId) {
    Optional<String> patient = records.read("Patient", patientId);
    if (patient.isEmpty()) {
      return Optional.empty();
    }
    ChartIndex index = ChartIndex.of(records.everything(patientId, MAX_RESOURCES), mapper);
    return Optional.of(new Loaded(mapper.parse(patient.get()), index));
  }

  private PatientChart build(JsonNode patient, ChartIndex index) {
    return new PatientChart(
        HeaderRows.header(patient, index, LocalDate.now(clock)),
        encounters(index, 1),
        problems(index, 1),
        procedures(index, 1),
        medications(index, 1),
        immunizations(index, 1),
        allergies(index, 1),
        carePlans(index, 1),
        PatientChart.Section.of("labs", ResultRows.panels(index), 1, 5),
        PatientChart.Section.of("notes", DocumentRows.notes(index), 1, 5),
        PatientChart.Section.of("claims", DocumentRows.claims(index), 1, PAGE),
        Vitals.series(index, VITALS),
        index.size());
  }

  private static PatientChart.@org.jspecify.annotations.Nullable Section<?> section(
      ChartIndex index, String name, int page) {
    return switch (name) {
      case "encounters" -> encounters(index, page);
      case "problems" -> problems(index, page);
      case "procedures" -> procedures(index, page);
      case "medications" -> medications(index, page);
      case "immunizations" -> immunizations(index, page);
      case "allergies" -> allergies(index, page);
      case "careplans" -> carePlans(index, page);
      case "labs" -> PatientChart.Section.of("labs", ResultRows.panels(index), page, 5);
      case "notes" -> PatientChart.Section.of("notes", DocumentRows.notes(index), page, 5);
      case "claims" -> PatientChart.Section.of("claims", DocumentRows.claims(index), page, PAGE);
      default -> null;
    };
  }

  private static PatientChart.Section<ChartRows.Encounter> encounters(ChartIndex index, int page) {
    List<ChartRows.Encounter> rows = new ArrayList<>();
    for (JsonNode e : index.ofType("Encounter")) {
      rows.add(ClinicalRows.encounter(e, index.inEncounter(e.path("id").asText()).size()));
    }
    rows.sort(Comparator.comparing(ChartRows.Encounter::start).reversed());
    return PatientChart.Section.of("encounters", rows, page, PAGE);
  }

  private static PatientChart.Section<ChartRows.Condition> problems(ChartIndex index, int page) {
    List<JsonNode> conditions = new ArrayList<>(index.ofType("Condition"));
    conditions.sort(
        Comparator.comparing((JsonNode c) -> !ClinicalRows.active(c))
            .thenComparing(c -> Fhir.when(c, "onset"), Comparator.reverseOrder()));
    return PatientChart.Section.of(
        "problems", map(conditions, ClinicalRows::condition), page, PAGE);
  }

  private static PatientChart.Section<ChartRows.Procedure> procedures(ChartIndex index, int page) {
    List<ChartRows.Procedure> rows = map(index.ofType("Procedure"), ClinicalRows::procedure);
    return PatientChart.Section.of(
        "procedures",
        sorted(rows, Comparator.comparing(ChartRows.Procedure::date).reversed()),
        page,
        PAGE);
  }

  private static PatientChart.Section<ChartRows.Medication> medications(
      ChartIndex index, int page) {
    List<ChartRows.Medication> rows =
        map(index.ofType("MedicationRequest"), m -> ClinicalRows.medication(m, index));
    return PatientChart.Section.of(
        "medications",
        sorted(
            rows,
            Comparator.comparing((ChartRows.Medication m) -> !m.active())
                .thenComparing(ChartRows.Medication::authored, Comparator.reverseOrder())),
        page,
        PAGE);
  }

  private static PatientChart.Section<ChartRows.Immunization> immunizations(
      ChartIndex index, int page) {
    List<ChartRows.Immunization> rows =
        map(index.ofType("Immunization"), ClinicalRows::immunization);
    return PatientChart.Section.of(
        "immunizations",
        sorted(rows, Comparator.comparing(ChartRows.Immunization::date).reversed()),
        page,
        PAGE);
  }

  private static PatientChart.Section<ChartRows.Allergy> allergies(ChartIndex index, int page) {
    return PatientChart.Section.of(
        "allergies", map(index.ofType("AllergyIntolerance"), ClinicalRows::allergy), page, PAGE);
  }

  private static PatientChart.Section<ChartRows.CarePlan> carePlans(ChartIndex index, int page) {
    List<ChartRows.CarePlan> rows = map(index.ofType("CarePlan"), ClinicalRows::carePlan);
    return PatientChart.Section.of(
        "careplans",
        sorted(rows, Comparator.comparing(ChartRows.CarePlan::start).reversed()),
        page,
        PAGE);
  }

  private static <T> List<T> map(List<JsonNode> nodes, Function<JsonNode, T> f) {
    return new ArrayList<>(nodes.stream().map(f).toList());
  }

  private static <T> List<T> sorted(List<T> rows, Comparator<T> order) {
    rows.sort(order);
    return rows;
  }
}
