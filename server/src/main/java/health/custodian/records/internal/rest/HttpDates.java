package health.custodian.records.internal.rest;

import java.time.Instant;
import java.time.LocalDate;
import org.springframework.http.HttpHeaders;

/**
 * HTTP dates as IMF-fixdate (RFC 9110 section 5.6.7, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}),
 * written by hand: {@link HttpHeaders#setLastModified} formats through a {@code DateTimeFormatter}
 * pattern, a fiftieth of the protected read's samples in the 32-caller profile
 * (docs/benchmarks.md). Years outside 1000-9999 are left to Spring, so the text is always what
 * {@link HttpHeaders#setLastModified} writes ({@code HttpDatesTest} compares them).
 */
final class HttpDates {

  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };
  private static final long SECONDS_PER_DAY = 86_400;

  private HttpDates() {}

  /** Sets {@code Last-Modified} to {@code instant}, whole seconds, as {@link HttpHeaders} would. */
  static void setLastModified(HttpHeaders headers, Instant instant) {
    long seconds = instant.getEpochSecond();
    long day = Math.floorDiv(seconds, SECONDS_PER_DAY);
    LocalDate date = LocalDate.ofEpochDay(day);
    if (date.getYear() < 1000 || date.getYear() > 9999) {
      headers.setLastModified(instant);
      return;
    }
    int time = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
    StringBuilder b = new StringBuilder(29);
    b.append(DAYS[date.getDayOfWeek().ordinal()]).append(", ");
    two(b, date.getDayOfMonth()).append(' ');
    b.append(MONTHS[date.getMonthValue() - 1]).append(' ').append(date.getYear()).append(' ');
    two(b, time / 3600).append(':');
    two(b, time / 60 % 60).append(':');
    two(b, time % 60).append(" GMT");
    headers.set(HttpHeaders.LAST_MODIFIED, b.toString());
  }

  private static StringBuilder two(StringBuilder b, int value) {
    return b.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }
}
