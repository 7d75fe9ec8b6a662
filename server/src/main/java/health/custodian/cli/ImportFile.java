package health.custodian.cli;

import java.nio.file.Path;

/**
 * A file to import.
 *
 * @param path where it is
 * @param phase files of a lower phase are completely sent before any file of a higher phase
 * @param size its size in bytes, for progress and ETA
 */
record ImportFile(Path path, int phase, long size) {}
