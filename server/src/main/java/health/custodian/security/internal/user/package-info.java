/** Users: accounts, password and TOTP checks, lockout, and the sign-in pages. */
@NullMarked
package health.custodian.security.internal.user;

import org.jspecify.annotations.NullMarked;
