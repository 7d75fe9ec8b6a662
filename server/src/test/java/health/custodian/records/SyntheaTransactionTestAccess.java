package health.custodian.records;

/** The Synthea fixtures for tests in other packages. */
public final class SyntheaTransactionTestAccess {

  private SyntheaTransactionTestAccess() {}

  public static String fixture(String name) {
    return SyntheaTransactionTest.fixture(name);
  }
}
