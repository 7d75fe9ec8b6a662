/**
 * The authorisation policy: what each HIM role and each SMART scope allows per resource type and
 * interaction ({@link health.custodian.access.AccessPolicy}), sensitivity clearances, and
 * break-the-glass emergency access with its review queue ({@link
 * health.custodian.security.policy.BreakGlassService}). Documented in {@code docs/security.md},
 * section "Authorisation".
 */
@NullMarked
package health.custodian.security.policy;

import org.jspecify.annotations.NullMarked;
