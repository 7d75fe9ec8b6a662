/**
 * Security (issue #5): authentication of every request to {@code /fhir} (a built-in OAuth 2.0
 * authorization server issuing signed JWTs, a resource server checking them, users with passwords
 * and TOTP; or an external OpenID Connect provider's JWTs with its claims mapped to roles), the
 * {@link health.custodian.access.CallerContext} built from the verified token or session, and the
 * access policy ({@code policy}). Public API: {@link health.custodian.security.UserAdministration}
 * for the command line.
 */
@NullMarked
package health.custodian.security;

import org.jspecify.annotations.NullMarked;
