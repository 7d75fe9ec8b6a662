package health.custodian.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** One parsed line of an NDJSON file, with its 1-based line number for error reports. */
record NdjsonLine(int number, JsonNode resource) {}
