package health.custodian.security.policy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The groups of FHIR R4 resource types that roles are granted permissions on. A type not listed
 * here counts as {@link #CLINICAL}: an unknown or custom type may hold patient data, so it gets the
 * strictest treatment.
 */
enum ResourceGroup {
  /** The patient record: observations, conditions, encounters, documents, medications... */
  CLINICAL(true),
  /** Who the patient is: Patient, RelatedPerson, Person. */
  DEMOGRAPHICS(true),
  /** Revenue cycle: claims, coverage, accounts, explanations of benefit, invoices. */
  FINANCIAL(true),
  /** Privacy directives: Consent. */
  PRIVACY(true),
  /** Directory: practitioners, organisations, locations, services, endpoints. */
  DIRECTORY(false),
  /** The audit log: AuditEvent (read-only through the API; written by the audit module). */
  AUDIT(false),
  /** Conformance, terminology and knowledge artefacts: SearchParameter, ValueSet, CodeSystem... */
  CONFORMANCE(false);

  private static final Map<String, ResourceGroup> BY_TYPE = index();

  private final boolean patientData;

  ResourceGroup(boolean patientData) {
    this.patientData = patientData;
  }

  /**
   * Whether resources of the group are patient data, to which sensitivity labels, Consent and the
   * patient compartment apply. Directory, audit and conformance resources are filtered by
   * permission only.
   */
  boolean patientData() {
    return patientData;
  }

  static ResourceGroup of(String resourceType) {
    return BY_TYPE.getOrDefault(resourceType, CLINICAL);
  }

  private static Map<String, ResourceGroup> index() {
    Map<String, ResourceGroup> byType = new HashMap<>();
    put(byType, DEMOGRAPHICS, Set.of("Patient", "RelatedPerson", "Person"));
    put(
        byType,
        FINANCIAL,
        Set.of(
            "Account",
            "ChargeItem",
            "ChargeItemDefinition",
            "Claim",
            "ClaimResponse",
            "Contract",
            "Coverage",
            "CoverageEligibilityRequest",
            "CoverageEligibilityResponse",
            "EnrollmentRequest",
            "EnrollmentResponse",
            "ExplanationOfBenefit",
            "InsurancePlan",
            "Invoice",
            "PaymentNotice",
            "PaymentReconciliation"));
    put(byType, PRIVACY, Set.of("Consent"));
    put(
        byType,
        DIRECTORY,
        Set.of(
            "Practitioner",
            "PractitionerRole",
            "Organization",
            "OrganizationAffiliation",
            "Location",
            "HealthcareService",
            "Endpoint"));
    put(byType, AUDIT, Set.of("AuditEvent"));
    put(
        byType,
        CONFORMANCE,
        Set.of(
            "CapabilityStatement",
            "StructureDefinition",
            "StructureMap",
            "ImplementationGuide",
            "SearchParameter",
            "OperationDefinition",
            "CompartmentDefinition",
            "GraphDefinition",
            "MessageDefinition",
            "ExampleScenario",
            "TerminologyCapabilities",
            "CodeSystem",
            "ValueSet",
            "ConceptMap",
            "NamingSystem",
            "Library",
            "Measure",
            "PlanDefinition",
            "ActivityDefinition",
            "Questionnaire"));
    return Map.copyOf(byType);
  }

  private static void put(
      Map<String, ResourceGroup> byType, ResourceGroup group, Set<String> types) {
    for (String type : types) {
      byType.put(type, group);
    }
  }
}
