package health.custodian.access;

/**
 * What a caller is doing, at the granularity the policy decides on. SMART v2 permissions map as:
 * {@code c} = CREATE, {@code r} = READ/VREAD/HISTORY of one resource, {@code u} = UPDATE/PATCH,
 * {@code d} = DELETE, {@code s} = SEARCH (including type/system history, compartment search and
 * includes). OPERATION is an extended operation not covered by the others; EXPORT and IMPORT are
 * Bulk Data.
 */
public enum Interaction {
  READ,
  VREAD,
  HISTORY,
  SEARCH,
  CREATE,
  UPDATE,
  PATCH,
  DELETE,
  OPERATION,
  EXPORT,
  IMPORT;

  /** The SMART v2 permission letter this interaction needs ({@code c r u d s}). */
  public char smartPermission() {
    return switch (this) {
      case CREATE, IMPORT -> 'c';
      case READ, VREAD, HISTORY -> 'r';
      case UPDATE, PATCH -> 'u';
      case DELETE -> 'd';
      case SEARCH, EXPORT, OPERATION -> 's';
    };
  }

  public boolean writes() {
    return this == CREATE || this == UPDATE || this == PATCH || this == DELETE || this == IMPORT;
  }
}
