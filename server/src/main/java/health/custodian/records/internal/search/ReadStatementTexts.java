package health.custodian.records.internal.search;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The texts of the protected read's statement ({@link AccessSearch#current}), the same {@code
 * String} for the same type and conditions: the JDBC driver finds its prepared statement by the
 * text, hashing and comparing it on every execution (a new 700-character string per read,
 * docs/benchmarks.md), and the text depends only on the type and the rules' shape, never on a value
 * (those are bound). Bounded so that no sequence of policies can grow it without end; past the
 * bound the text is built anew.
 */
final class ReadStatementTexts {

  /** At most this many read statement texts are kept. */
  private static final int READ_STATEMENTS = 1024;

  private final Function<String, Integer[]> membership;
  private final ConcurrentHashMap<String, String> patients = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Key, String> texts = new ConcurrentHashMap<>();

  /**
   * @param membership a type's membership parameter ids (R4 CompartmentDefinition Patient)
   */
  ReadStatementTexts(Function<String, Integer[]> membership) {
    this.membership = membership;
  }

  /**
   * The read of one resource ({@code ?} for type and id, and for the version when {@code
   * versioned}) with the visibility expression {@code visible} and the resource's patients; with
   * {@code lateral} the patients are computed once as {@code rp.patients}, which {@code visible}
   * may name.
   */
  String text(String type, boolean versioned, boolean lateral, String visible) {
    Key key = new Key(type, versioned, lateral, visible);
    String sql = texts.get(key);
    if (sql != null) {
      return sql;
    }
    String join =
        " from resource r join resource_version v on v.res_pk = r.pk and v.version = "
            + (versioned ? "?" : "r.version");
    // "offset 0" keeps the subquery from being pulled up: pulled up, its expression would be
    // copied into each place that names rp.patients and the lookup would run once per place.
    // A caller whose rules filter nothing sees every row: its statement stays the plain read.
    boolean unrestricted = visible.equals("true");
    String row =
        "select v.res_pk, v.res_type, v.res_id, v.version, v.last_updated, v.method, v.body, "
            + visible
            + " as visible, "
            + (lateral
                ? "rp.patients"
                    + join
                    + " cross join lateral (select "
                    + patientsOf(type)
                    + " as patients offset 0) rp"
                : patientsOf(type) + " as patients" + join)
            + " where r.res_type = ? and r.res_id = ?";
    // The body only of a row the caller may see (issue #5: no "timing of obvious kinds"): a hidden
    // row's body was sent and decoded only to be dropped, so that a hidden read cost more than a
    // missing one by the body's size (about 3 ms more for a 1 MB body, docs/benchmarks.md). The
    // outer select names the inner's visibility instead of computing it a second time; "offset 0"
    // keeps the inner from being pulled up into it (which would copy the expression into the case).
    sql =
        unrestricted
            ? row
            : "select q.res_pk, q.res_type, q.res_id, q.version, q.last_updated, q.method,"
                + " case when q.visible then q.body end, q.visible, q.patients from ("
                + row
                + " offset 0) q";
    if (texts.size() < READ_STATEMENTS) {
      texts.putIfAbsent(key, sql);
    }
    return sql;
  }

  /**
   * The resource's patients for a read of {@code type}: {@link AccessSearch#PATIENTS_OF_R} resolved
   * for the one type the statement reads ({@code r.res_type = ?} is bound to it), so that no {@code
   * case} is evaluated per read. A Patient is its own compartment's owner; a type with membership
   * parameters (R4 CompartmentDefinition Patient) has its references to patients, the ids written
   * into the statement: fixed per type once the server has started, so each type's read is its own
   * prepared statement with a generic plan, and binding an integer array on every read (the JDBC
   * driver's array encoding and Spring's type lookups, a fiftieth of the protected read's samples
   * in the 32-caller profile, docs/benchmarks.md) is gone; a type with none has no patients (the
   * sub-select over no parameters was always empty). Integers only, so nothing from a request
   * enters the text. No {@code distinct}: every reader of the array makes a set of it
   * (docs/benchmarks.md, "fewer plan nodes in the protected read").
   */
  private String patientsOf(String type) {
    return patients.computeIfAbsent(
        type,
        t -> {
          if (t.equals("Patient")) {
            return "array[r.res_id]";
          }
          Integer[] ids = membership.apply(t);
          return ids.length == 0 ? "'{}'::text[]" : AccessSearch.patientsOfReferences(ids);
        });
  }

  private record Key(String type, boolean versioned, boolean lateral, String visible) {}
}
