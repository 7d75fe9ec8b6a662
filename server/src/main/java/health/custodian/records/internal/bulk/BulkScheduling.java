package health.custodian.records.internal.bulk;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Enables {@code @Scheduled} for the retention cleanup of bulk data jobs. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class BulkScheduling {}
