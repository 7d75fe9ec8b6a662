/**
 * Security: authentication, the callers it yields, and the authorisation policy (roles, scopes).
 */
@NullMarked
package health.custodian.security;

import org.jspecify.annotations.NullMarked;
