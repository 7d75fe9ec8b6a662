package health.custodian.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One input of the {@code $import} job: an NDJSON file of one resource type, and where each of its
 * lines came from, so that the job's rejections name the user's file and line (or Bundle entry). An
 * NDJSON file imported as it is has no origins: its line numbers are the user's.
 */
final class StagedInput {

  private final String type;
  private final Path path;
  private final List<Path> sources;
  private final @Nullable Path sameLines;
  private long[] origins = new long[0];
  private int lines;

  private StagedInput(String type, Path path, List<Path> sources, @Nullable Path sameLines) {
    this.type = type;
    this.path = path;
    this.sources = sources;
    this.sameLines = sameLines;
  }

  /** An NDJSON file of one type, imported as it is. */
  static StagedInput asIs(String type, Path file, int lines) {
    StagedInput input = new StagedInput(type, file, List.of(), file);
    input.lines = lines;
    return input;
  }

  /** A file written for the job; {@code sources} are the user's files its lines come from. */
  static StagedInput written(String type, Path file, List<Path> sources) {
    return new StagedInput(type, file, sources, null);
  }

  /**
   * Records the origin of the next line written: {@code source} indexes the sources, {@code number}
   * is a line number of an NDJSON source or a 1-based entry index of a Bundle.
   */
  void lineFrom(int source, int number) {
    if (lines == origins.length) {
      origins = Arrays.copyOf(origins, Math.max(1024, lines * 2));
    }
    origins[lines++] = ((long) source << 32) | (number & 0xffffffffL);
  }

  String type() {
    return type;
  }

  Path path() {
    return path;
  }

  int lines() {
    return lines;
  }

  /** {@code file:line} or {@code file: entry N} for line {@code line} (1-based) of this input. */
  String where(long line) {
    if (sameLines != null) {
      return sameLines + ":" + line;
    }
    if (line < 1 || line > lines) {
      return path + ":" + line;
    }
    long origin = origins[(int) line - 1];
    Path source = sources.get((int) (origin >>> 32));
    int number = (int) origin;
    return ImportFiles.isNdjson(source) ? source + ":" + number : source + ": entry " + number;
  }
}
