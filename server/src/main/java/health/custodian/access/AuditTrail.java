package health.custodian.access;

/**
 * Where every access is recorded. Implemented by the audit module.
 *
 * <p>Callers rely on the transaction semantics: called inside a database transaction (a write), the
 * record commits or rolls back with it; called outside one (a read), it is durable when the method
 * returns, so a read is recorded before its response is sent. It never fails silently: an exception
 * means the access must not proceed (or, after a write, the write rolls back).
 */
public interface AuditTrail {

  void record(AuditRecord record);
}
