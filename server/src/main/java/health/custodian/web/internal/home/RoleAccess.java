package health.custodian.web.internal.home;

import health.custodian.access.AccessPolicy;
import health.custodian.access.Caller;
import health.custodian.access.Interaction;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * What the caller's roles reach, in words, for the home page (the data analyst's "what may I see"):
 * one row per kind of record, asked of the access policy for one representative resource type (the
 * matrix is per group of types, docs/security.md "Role matrix"), and the sensitivity labels that
 * stay hidden for lack of a clearance. The policy touches no patient data; nothing is audited.
 */
@Component
class RoleAccess {

  /** A kind of record and the type standing for it. */
  record Kind(String label, String type) {}

  static final List<Kind> KINDS =
      List.of(
          new Kind("Patients and demographics", "Patient"),
          new Kind("Encounters", "Encounter"),
          new Kind("Problems and diagnoses", "Condition"),
          new Kind("Results and vital signs", "Observation"),
          new Kind("Notes and reports", "DocumentReference"),
          new Kind("Claims", "Claim"),
          new Kind("Explanations of benefit", "ExplanationOfBenefit"),
          new Kind("Consents", "Consent"),
          new Kind("Audit log", "AuditEvent"),
          new Kind("Practitioners and organisations", "Practitioner"));

  record Row(String label, boolean read, boolean change, boolean export) {}

  record Summary(List<Row> rows, Set<String> hiddenLabels) {}

  private final AccessPolicy policy;

  RoleAccess(AccessPolicy policy) {
    this.policy = policy;
  }

  Summary of(Caller caller) {
    List<Row> rows =
        KINDS.stream()
            .map(
                k ->
                    new Row(
                        k.label(),
                        allows(caller, Interaction.SEARCH, k.type())
                            && allows(caller, Interaction.READ, k.type()),
                        allows(caller, Interaction.UPDATE, k.type())
                            || allows(caller, Interaction.CREATE, k.type())
                            || allows(caller, Interaction.DELETE, k.type()),
                        allows(caller, Interaction.EXPORT, k.type())))
            .toList();
    // Labels are hidden per caller, the same for every patient-data type: ask for one.
    Set<String> hidden =
        new TreeSet<>(policy.rules(caller, Interaction.SEARCH, "Observation").hiddenLabels());
    return new Summary(rows, hidden);
  }

  private boolean allows(Caller caller, Interaction interaction, String type) {
    return policy.rules(caller, interaction, type).permitted();
  }
}
