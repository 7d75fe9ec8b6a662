package health.custodian.records.internal.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Reads NDJSON line by line as bytes, knowing whether each line ended with a newline (a last line
 * without one may be a truncated file). A line longer than {@code maxLine} is reported, not held.
 */
final class NdjsonLines {

  /** One line without its terminator ({@code \n} or {@code \r\n}). */
  record Line(long number, byte[] bytes, boolean terminated, boolean tooLong) {}

  private final InputStream in;
  private final int maxLine;
  private final byte[] buffer = new byte[1 << 16];
  private int pos;
  private int limit;
  private long number;

  NdjsonLines(InputStream in, int maxLine) {
    this.in = in;
    this.maxLine = maxLine;
  }

  /** The next line, or null at the end of the input. */
  @Nullable Line next() throws IOException {
    byte[] line = new byte[256];
    int length = 0;
    boolean tooLong = false;
    while (true) {
      if (pos == limit) {
        limit = in.read(buffer, 0, buffer.length);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          if (length == 0 && !tooLong) {
            return null;
          }
          number++;
          return new Line(number, Arrays.copyOf(line, length), false, tooLong);
        }
      }
      int start = pos;
      while (pos < limit && buffer[pos] != '\n') {
        pos++;
      }
      int chunk = pos - start;
      if (!tooLong) {
        if (length + chunk > maxLine) {
          tooLong = true;
          length = 0;
        } else {
          if (length + chunk > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
          }
          System.arraycopy(buffer, start, line, length, chunk);
          length += chunk;
        }
      }
      if (pos < limit) {
        pos++;
        number++;
        if (length > 0 && line[length - 1] == '\r') {
          length--;
        }
        return new Line(number, Arrays.copyOf(line, length), true, tooLong);
      }
    }
  }
}
