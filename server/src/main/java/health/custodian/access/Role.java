package health.custodian.access;

import java.util.Locale;

/**
 * The HIM roles a user can hold. What each may do is decided by the security module's policy and
 * documented in {@code docs/security.md}; the CLI spells them in lower case with hyphens ({@code
 * records-supervisor}).
 */
public enum Role {
  CLINICIAN,
  CODER,
  RECORDS_SUPERVISOR,
  BILLING_SPECIALIST,
  COMPLIANCE_AUDITOR,
  DATA_ANALYST,
  PATIENT,
  ADMINISTRATOR;

  /** The CLI and token spelling, e.g. {@code records-supervisor}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses {@link #code()} (case-insensitive, hyphens or underscores). */
  public static Role fromCode(String code) {
    return valueOf(code.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
