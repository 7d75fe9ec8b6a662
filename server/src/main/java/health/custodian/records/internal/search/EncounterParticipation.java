package health.custodian.records.internal.search;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether patients have an Encounter in which a given actor took part ({@code
 * Encounter.participant.individual}, the R4 search parameter {@code participant}), answered from
 * the search index alone: one statement, current and undeleted Encounters only, and nothing of the
 * Encounters themselves leaves this class. Callers are the gateway's care-relations check.
 */
@Component
public class EncounterParticipation {

  private final JdbcTemplate jdbc;
  private final @Nullable Integer participant;
  private final Integer @Nullable [] membership;

  EncounterParticipation(
      JdbcTemplate jdbc,
      SearchParameterRegistry registry,
      SearchParamIds ids,
      PatientCompartment compartment) {
    this.jdbc = jdbc;
    SearchParam p = registry.find("Encounter", "participant");
    this.participant = p != null && p.indexed() ? ids.id(p) : null;
    this.membership = compartment.paramIds("Encounter");
  }

  /**
   * The ids among {@code patientIds} of patients with at least one Encounter listing {@code
   * actorType/actorId} as a participant.
   */
  public Set<String> patientsSeenBy(
      String actorType, String actorId, Collection<String> patientIds) {
    if (participant == null || membership == null || patientIds.isEmpty()) {
      return Set.of();
    }
    List<String> found =
        jdbc.queryForList(
            "select distinct m.target_id from sp_reference a"
                + " join resource r on r.pk = a.res_pk and r.res_type = 'Encounter'"
                + " and not r.deleted"
                + " join sp_reference m on m.res_pk = a.res_pk and m.param_id = any(?)"
                + " and m.target_type = 'Patient' and m.target_id = any(?)"
                + " where a.param_id = ? and a.target_type = ? and a.target_id = ?",
            String.class,
            membership,
            patientIds.toArray(String[]::new),
            participant,
            actorType,
            actorId);
    return new LinkedHashSet<>(found);
  }
}
