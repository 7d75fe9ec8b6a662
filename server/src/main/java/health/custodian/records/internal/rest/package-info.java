@NullMarked
package health.custodian.records.internal.rest;

import org.jspecify.annotations.NullMarked;
