/**
 * The administrator's pages under {@code /manage}: users (roles, patient link, clearances, disable,
 * MFA reset) and OAuth clients. {@code /admin/**} stays the command line's token API.
 */
@NullMarked
package health.custodian.web.internal.admin;

import org.jspecify.annotations.NullMarked;
