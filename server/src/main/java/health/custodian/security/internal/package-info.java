@NullMarked
package health.custodian.security.internal;

import org.jspecify.annotations.NullMarked;
