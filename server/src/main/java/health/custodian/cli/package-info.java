/** The command line behind {@code ./custodian}: serve, import and benchmarks. */
@NullMarked
package health.custodian.cli;

import org.jspecify.annotations.NullMarked;
