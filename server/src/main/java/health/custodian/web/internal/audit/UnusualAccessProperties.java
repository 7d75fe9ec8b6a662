package health.custodian.web.internal.audit;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Defaults of the unusual access report ({@code custodian.web.unusual.*}); the page lets the
 * auditor change each for one view.
 *
 * @param window how far back the report looks
 * @param chartsWithoutEncounter distinct patients opened without any sign of care that flag a user
 * @param workStart start of working hours (inclusive)
 * @param workEnd end of working hours (exclusive); equal to the start: every hour is after hours
 * @param afterHoursBurst accesses outside working hours within one hour that flag a user
 * @param zone the time zone of the working hours
 */
@ConfigurationProperties("custodian.web.unusual")
public record UnusualAccessProperties(
    @DefaultValue("7d") Duration window,
    @DefaultValue("20") int chartsWithoutEncounter,
    @DefaultValue("07:00") LocalTime workStart,
    @DefaultValue("19:00") LocalTime workEnd,
    @DefaultValue("10") int afterHoursBurst,
    @DefaultValue("UTC") ZoneId zone) {}
