package health.custodian.records.internal.search;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Canonical forms of common UCUM units (R4 search 3.1.1.4.8: servers may compare quantities in
 * canonical units): a unit maps to a base unit of its dimension and the factor to it, so {@code
 * 1000 g} and {@code 1 kg} are both {@code 1000 g}. Only multiplicative units are listed;
 * temperatures (offsets) and arbitrary units are compared as written.
 */
final class Ucum {

  static final String SYSTEM = "http://unitsofmeasure.org";

  /** A value in its dimension's base unit. */
  record Canonical(BigDecimal value, String unit) {}

  private record Unit(BigDecimal factor, String base) {}

  private static final Map<String, Unit> UNITS = units();

  private Ucum() {}

  /** The canonical form of a stored quantity, when its unit is a known UCUM code. */
  static @Nullable Canonical canonical(
      BigDecimal value, @Nullable String system, @Nullable String code) {
    if (!SYSTEM.equals(system) || code == null) {
      return null;
    }
    Unit u = UNITS.get(code);
    return u == null ? null : new Canonical(value.multiply(u.factor()), u.base());
  }

  /** The factor to the base unit of a known UCUM code, null otherwise. */
  static @Nullable BigDecimal factor(String code) {
    Unit u = UNITS.get(code);
    return u == null ? null : u.factor();
  }

  /** The base unit of a known UCUM code, null otherwise. */
  static @Nullable String base(String code) {
    Unit u = UNITS.get(code);
    return u == null ? null : u.base();
  }

  private static Map<String, Unit> units() {
    Map<String, Unit> m = new HashMap<>();
    // mass, base g
    put(m, "g", "g", "1", "kg", "1000", "mg", "0.001", "ug", "0.000001", "ng", "0.000000001");
    put(m, "g", "[lb_av]", "453.59237", "[oz_av]", "28.349523125");
    // length, base m
    put(m, "m", "m", "1", "km", "1000", "cm", "0.01", "mm", "0.001", "um", "0.000001");
    put(m, "m", "[in_i]", "0.0254", "[ft_i]", "0.3048");
    // volume, base L
    put(m, "L", "L", "1", "l", "1", "dL", "0.1", "cL", "0.01", "mL", "0.001", "uL", "0.000001");
    // time, base s (UCUM: a = 365.25 d, mo = a/12)
    put(m, "s", "s", "1", "ms", "0.001", "min", "60", "h", "3600", "d", "86400", "wk", "604800");
    put(m, "s", "mo", "2629800", "a", "31557600");
    // amount of substance concentration, base mol/L
    put(m, "mol/L", "mol/L", "1", "mmol/L", "0.001", "umol/L", "0.000001", "nmol/L", "1E-9");
    // mass concentration, base g/L
    put(m, "g/L", "g/L", "1", "g/dL", "10", "mg/dL", "0.01", "mg/L", "0.001", "mg/mL", "1");
    put(m, "g/L", "ug/mL", "0.001", "ug/L", "0.000001", "ng/mL", "0.000001");
    // pressure, base Pa
    put(m, "Pa", "Pa", "1", "kPa", "1000", "mm[Hg]", "133.322387415");
    // frequency, base /h
    put(m, "/h", "/h", "1", "/min", "60", "/s", "3600");
    // ratios
    put(m, "%", "%", "1");
    return Map.copyOf(m);
  }

  private static void put(Map<String, Unit> m, String base, String... codeFactor) {
    for (int i = 0; i < codeFactor.length; i += 2) {
      m.put(codeFactor[i], new Unit(new BigDecimal(codeFactor[i + 1]), base));
    }
  }
}
