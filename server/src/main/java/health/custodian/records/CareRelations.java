package health.custodian.records;

import java.util.Collection;
import java.util.Set;

/**
 * Care relationships for compliance oversight (issue #6, unusual access: "a user opening many
 * charts they have no encounter with"). The compliance auditor may not read Encounters
 * (docs/security.md, role matrix); this answers only whether an actor took part in an Encounter of
 * each patient, for callers who may search the audit log, and is audited like any access.
 */
public interface CareRelations {

  /**
   * The ids among {@code patientIds} of patients with at least one Encounter that lists {@code
   * actor} ({@code Practitioner/id}, {@code RelatedPerson/id}, ...) as a participant.
   */
  Set<String> patientsWithEncounter(String actor, Collection<String> patientIds);
}
