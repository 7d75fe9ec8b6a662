package health.custodian.security.policy;

import health.custodian.access.Interaction;
import health.custodian.access.Role;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What each HIM role may do, per resource group with per-type exceptions. Permissions are spelled
 * as SMART v2 letters ({@code c r u d s}) plus {@code x} for Bulk Data export and {@code i} for
 * import, which no role gets merely by being allowed to search or create. The matrix is documented
 * in {@code docs/security.md} ("Authorisation"); the two must change together.
 */
final class RolePermissions {

  private final Map<Role, Map<ResourceGroup, Set<Interaction>>> byGroup = new EnumMap<>(Role.class);
  private final Map<Role, Map<String, Set<Interaction>>> byType = new EnumMap<>(Role.class);

  private RolePermissions() {}

  /** The standard matrix. */
  static RolePermissions standard() {
    RolePermissions p = new RolePermissions();
    // Clinicians document care; corrections use status entered-in-error (an update), deletion is
    // the records supervisor's. Coverage is read at the point of care for eligibility.
    p.group(Role.CLINICIAN, ResourceGroup.CLINICAL, "crus")
        .group(Role.CLINICIAN, ResourceGroup.DEMOGRAPHICS, "crus")
        .group(Role.CLINICIAN, ResourceGroup.PRIVACY, "rs")
        .group(Role.CLINICIAN, ResourceGroup.DIRECTORY, "rs")
        .group(Role.CLINICIAN, ResourceGroup.CONFORMANCE, "rs")
        .type(Role.CLINICIAN, "Coverage", "rs");
    // Coders read the documentation and assign codes: diagnoses and procedures (Condition,
    // Procedure, Encounter.diagnosis) and the claim built from them.
    p.group(Role.CODER, ResourceGroup.CLINICAL, "rs")
        .group(Role.CODER, ResourceGroup.DEMOGRAPHICS, "rs")
        .group(Role.CODER, ResourceGroup.DIRECTORY, "rs")
        .group(Role.CODER, ResourceGroup.CONFORMANCE, "rs")
        .type(Role.CODER, "Condition", "rus")
        .type(Role.CODER, "Procedure", "rus")
        .type(Role.CODER, "Encounter", "rus")
        .type(Role.CODER, "Claim", "crus")
        .type(Role.CODER, "ChargeItem", "rus")
        .type(Role.CODER, "Account", "rs")
        .type(Role.CODER, "Coverage", "rs");
    // The records supervisor owns the integrity of the record: amendments, deletions under the
    // retention schedule, duplicate merges, consents and release of information, legacy loads.
    p.group(Role.RECORDS_SUPERVISOR, ResourceGroup.CLINICAL, "crudsi")
        .group(Role.RECORDS_SUPERVISOR, ResourceGroup.DEMOGRAPHICS, "crudsi")
        .group(Role.RECORDS_SUPERVISOR, ResourceGroup.PRIVACY, "cruds")
        .group(Role.RECORDS_SUPERVISOR, ResourceGroup.DIRECTORY, "rs")
        .group(Role.RECORDS_SUPERVISOR, ResourceGroup.CONFORMANCE, "rs");
    // Patient account specialists work the revenue cycle; of the clinical record they need only
    // the encounters billed (minimum necessary, HIPAA 164.502(b)).
    p.group(Role.BILLING_SPECIALIST, ResourceGroup.FINANCIAL, "cruds")
        .group(Role.BILLING_SPECIALIST, ResourceGroup.DEMOGRAPHICS, "rus")
        .group(Role.BILLING_SPECIALIST, ResourceGroup.DIRECTORY, "rs")
        .group(Role.BILLING_SPECIALIST, ResourceGroup.CONFORMANCE, "rs")
        .type(Role.BILLING_SPECIALIST, "Encounter", "rs");
    // The compliance auditor reads the audit log (and exports it for investigations), consents
    // and who the patients are, never the clinical content.
    p.group(Role.COMPLIANCE_AUDITOR, ResourceGroup.AUDIT, "rsx")
        .group(Role.COMPLIANCE_AUDITOR, ResourceGroup.PRIVACY, "rs")
        .group(Role.COMPLIANCE_AUDITOR, ResourceGroup.DEMOGRAPHICS, "rs")
        .group(Role.COMPLIANCE_AUDITOR, ResourceGroup.DIRECTORY, "rs")
        .group(Role.COMPLIANCE_AUDITOR, ResourceGroup.CONFORMANCE, "rs");
    // Analysts search and export; they change nothing.
    p.group(Role.DATA_ANALYST, ResourceGroup.CLINICAL, "rsx")
        .group(Role.DATA_ANALYST, ResourceGroup.DEMOGRAPHICS, "rsx")
        .group(Role.DATA_ANALYST, ResourceGroup.FINANCIAL, "rsx")
        .group(Role.DATA_ANALYST, ResourceGroup.DIRECTORY, "rsx")
        .group(Role.DATA_ANALYST, ResourceGroup.CONFORMANCE, "rs");
    // Patients read their own record (the compartment binding is the policy's, not the matrix's).
    p.group(Role.PATIENT, ResourceGroup.CLINICAL, "rs")
        .group(Role.PATIENT, ResourceGroup.DEMOGRAPHICS, "rs")
        .group(Role.PATIENT, ResourceGroup.FINANCIAL, "rs")
        .group(Role.PATIENT, ResourceGroup.PRIVACY, "rs")
        .group(Role.PATIENT, ResourceGroup.DIRECTORY, "rs")
        .group(Role.PATIENT, ResourceGroup.CONFORMANCE, "rs");
    // Administrators run the directory and the server's configuration, no patient data.
    p.group(Role.ADMINISTRATOR, ResourceGroup.DIRECTORY, "crudsix")
        .group(Role.ADMINISTRATOR, ResourceGroup.CONFORMANCE, "crudsix");
    return p;
  }

  boolean allows(Role role, Interaction interaction, String resourceType) {
    Set<Interaction> typed = byType.getOrDefault(role, Map.of()).get(resourceType);
    if (typed != null) {
      return typed.contains(interaction);
    }
    return byGroup
        .getOrDefault(role, Map.of())
        .getOrDefault(ResourceGroup.of(resourceType), Set.of())
        .contains(interaction);
  }

  private RolePermissions group(Role role, ResourceGroup group, String letters) {
    byGroup.computeIfAbsent(role, r -> new EnumMap<>(ResourceGroup.class)).put(group, of(letters));
    return this;
  }

  private RolePermissions type(Role role, String type, String letters) {
    byType.computeIfAbsent(role, r -> new HashMap<>()).put(type, of(letters));
    return this;
  }

  /** Interactions granted by permission letters ({@code cruds} plus {@code x}, {@code i}). */
  static Set<Interaction> of(String letters) {
    Set<Interaction> set = EnumSet.noneOf(Interaction.class);
    for (char c : letters.toCharArray()) {
      switch (c) {
        case 'c' -> set.add(Interaction.CREATE);
        case 'r' ->
            set.addAll(EnumSet.of(Interaction.READ, Interaction.VREAD, Interaction.HISTORY));
        case 'u' -> set.addAll(EnumSet.of(Interaction.UPDATE, Interaction.PATCH));
        case 'd' -> set.add(Interaction.DELETE);
        case 's' -> set.addAll(EnumSet.of(Interaction.SEARCH, Interaction.OPERATION));
        case 'x' -> set.add(Interaction.EXPORT);
        case 'i' -> set.add(Interaction.IMPORT);
        default -> throw new IllegalArgumentException("Unknown permission letter " + c);
      }
    }
    return Set.copyOf(set);
  }
}
