/** Custodian: an open-source health information management platform. */
@NullMarked
package health.custodian;

import org.jspecify.annotations.NullMarked;
