package health.custodian.records.internal.search;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The half-open interval {@code [low, high)} a date, dateTime or instant stands for, given its
 * precision (R4 search 3.1.1.4.2 "date": "2013" covers the whole year). A null bound is open
 * (-infinity / +infinity), e.g. a Period without an end.
 */
record DateRange(@Nullable Instant low, @Nullable Instant high) {

  /**
   * Dates without a zone (dates, and search values without one) are read in UTC. The spec lets a
   * server choose its local zone (R4 search 3.1.1.4.2); UTC keeps results host-independent.
   */
  static final ZoneOffset DEFAULT_ZONE = ZoneOffset.UTC;

  private static final Pattern FORMAT =
      Pattern.compile(
          "(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:T(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?"
              + "(Z|[+-]\\d{2}:\\d{2})?)?)?)?");

  /** Parses a FHIR date/dateTime/instant (also minute precision, as search values allow). */
  static @Nullable DateRange parse(String value) {
    Matcher m = FORMAT.matcher(value.trim());
    if (!m.matches()) {
      return null;
    }
    try {
      int year = Integer.parseInt(m.group(1));
      if (m.group(2) == null) {
        LocalDate start = LocalDate.of(year, 1, 1);
        return ofDates(start, start.plusYears(1));
      }
      int month = Integer.parseInt(m.group(2));
      if (m.group(3) == null) {
        LocalDate start = LocalDate.of(year, month, 1);
        return ofDates(start, start.plusMonths(1));
      }
      LocalDate day = LocalDate.of(year, month, Integer.parseInt(m.group(3)));
      if (m.group(4) == null) {
        return ofDates(day, day.plusDays(1));
      }
      ZoneOffset zone = m.group(8) == null ? DEFAULT_ZONE : ZoneOffset.of(m.group(8));
      LocalDateTime minute = day.atTime(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
      if (m.group(6) == null) {
        return of(minute, minute.plusMinutes(1), zone);
      }
      // Leap second 60 is allowed in the instant syntax; treat it as the last second.
      LocalDateTime second = minute.plusSeconds(Math.min(59, Integer.parseInt(m.group(6))));
      String fraction = m.group(7);
      if (fraction == null) {
        return of(second, second.plusSeconds(1), zone);
      }
      long nanos = Long.parseLong((fraction + "000000000").substring(0, 9));
      long step = (long) Math.pow(10, 9 - fraction.length());
      LocalDateTime start = second.plusNanos(nanos);
      return of(start, start.plusNanos(step), zone);
    } catch (RuntimeException e) {
      // Out-of-range fields (month 13, hour 25, offset +19:00): not a date.
      return null;
    }
  }

  private static DateRange ofDates(LocalDate start, LocalDate end) {
    return new DateRange(
        start.atStartOfDay().toInstant(DEFAULT_ZONE), end.atStartOfDay().toInstant(DEFAULT_ZONE));
  }

  private static DateRange of(LocalDateTime start, LocalDateTime end, ZoneOffset zone) {
    return new DateRange(
        OffsetDateTime.of(start, zone).toInstant(), OffsetDateTime.of(end, zone).toInstant());
  }
}
