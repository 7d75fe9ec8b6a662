/**
 * Platform: the data folder, the PostgreSQL connection (embedded by default, external by
 * configuration) and other infrastructure every module stands on.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(
    type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package health.custodian.platform;

import org.jspecify.annotations.NullMarked;
