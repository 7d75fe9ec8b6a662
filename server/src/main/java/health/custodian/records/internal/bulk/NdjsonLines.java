package health.custodian.records.internal.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Reads NDJSON line by line as bytes, knowing whether each line ended with a newline (a last line
 * without one may be a truncated file). A line longer than {@code maxLine} is reported, not held.
 */
final class NdjsonLines {

  /** One line without its terminator ({@code \n} or {@code \r\n}). */
  record Line(long number, byte[] bytes, boolean terminated, boolean tooLong) {}

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

  private final InputStream in;
  private final int maxLine;
  private final byte[] buffer = new byte[1 << 16];

  /**
   * The line being read, kept from line to line: a fresh array grown by doubling for each line was
   * a sixth of the bytes the import allocates (docs/benchmarks.md); each line is copied out once.
   */
  private byte[] line = new byte[1 << 12];

  private int pos;
  private int limit;
  private long number;
  private boolean terminated;
  private boolean tooLong;

  NdjsonLines(InputStream in, int maxLine) {
    this.in = in;
    this.maxLine = maxLine;
  }

  /** The next line, or null at the end of the input. */
  @Nullable Line next() throws IOException {
    int length = nextInPlace();
    return length < 0 ? null : new Line(number, Arrays.copyOf(line, length), terminated, tooLong);
  }

  /**
   * Reads the next line into {@link #current()} without copying it out (for the id pass, which only
   * looks at its beginning); returns its length (0 when too long), or -1 at the end.
   */
  int nextInPlace() throws IOException {
    int length = 0;
    tooLong = false;
    while (true) {
      if (pos == limit) {
        limit = in.read(buffer, 0, buffer.length);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          if (length == 0 && !tooLong) {
            return -1;
          }
          number++;
          terminated = false;
          return length;
        }
      }
      int start = pos;
      pos = newline(buffer, pos, limit);
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
        terminated = true;
        return length;
      }
    }
  }

  /**
   * The index of the first {@code \n} in {@code b[from..limit)}, else {@code limit}; eight bytes at
   * a time (both passes over an import look at every byte of it here: a byte-by-byte loop was a
   * twentieth of the load phase's JVM samples, docs/benchmarks.md).
   */
  static int newline(byte[] b, int from, int limit) {
    int i = from;
    for (; i + 8 <= limit; i += 8) {
      long x = (long) LONGS.get(b, i) ^ NEWLINES;
      // The classic zero-byte test: only bytes above the lowest flagged one can be flagged wrongly.
      long found = (x - ONES) & ~x & HIGH_BITS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    while (i < limit && b[i] != '\n') {
      i++;
    }
    return i;
  }

  /** The bytes of the line {@link #nextInPlace()} read (up to its length); reused by the next. */
  byte[] current() {
    return line;
  }
}
