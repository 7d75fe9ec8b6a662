package health.custodian.records.internal.validation;

/** One compiled model per test JVM: compiling takes seconds and the model is immutable. */
final class SharedModel {

  static final FhirModel MODEL = StructuralValidator.compileModel();

  static final StructuralValidator VALIDATOR = new StructuralValidator(MODEL);

  private SharedModel() {}
}
