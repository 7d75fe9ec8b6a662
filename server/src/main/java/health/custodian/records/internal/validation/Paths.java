package health.custodian.records.internal.validation;

/** FHIRPath-style expression helpers. */
public final class Paths {

  private Paths() {}

  /**
   * Puts an expression rooted at a resource type ({@code Patient.birthDate}) under a prefix ({@code
   * Bundle.entry[3].resource}), giving {@code Bundle.entry[3].resource.birthDate}.
   */
  public static String nest(String prefix, String expression) {
    if (expression.isEmpty() || !Character.isUpperCase(expression.charAt(0))) {
      return prefix + "." + expression;
    }
    int dot = expression.indexOf('.');
    int bracket = expression.indexOf('[');
    int cut = dot < 0 ? bracket : (bracket < 0 ? dot : Math.min(dot, bracket));
    return cut < 0 ? prefix : prefix + expression.substring(cut);
  }
}
