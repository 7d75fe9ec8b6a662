/**
 * Synthetic populations for demos and benchmarks: runs Synthea in its own JVM, outside the server.
 */
@NullMarked
package health.custodian.synthea;

import org.jspecify.annotations.NullMarked;
