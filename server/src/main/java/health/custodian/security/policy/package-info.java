@NullMarked
package health.custodian.security.policy;

import org.jspecify.annotations.NullMarked;
