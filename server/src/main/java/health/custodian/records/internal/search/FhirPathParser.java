package health.custodian.records.internal.search;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.TextNode;
import health.custodian.records.internal.search.FhirPathExpr.And;
import health.custodian.records.internal.search.FhirPathExpr.AsType;
import health.custodian.records.internal.search.FhirPathExpr.Equality;
import health.custodian.records.internal.search.FhirPathExpr.Exists;
import health.custodian.records.internal.search.FhirPathExpr.Extension;
import health.custodian.records.internal.search.FhirPathExpr.First;
import health.custodian.records.internal.search.FhirPathExpr.Focus;
import health.custodian.records.internal.search.FhirPathExpr.Index;
import health.custodian.records.internal.search.FhirPathExpr.IsType;
import health.custodian.records.internal.search.FhirPathExpr.Literal;
import health.custodian.records.internal.search.FhirPathExpr.Member;
import health.custodian.records.internal.search.FhirPathExpr.Not;
import health.custodian.records.internal.search.FhirPathExpr.Or;
import health.custodian.records.internal.search.FhirPathExpr.Resolve;
import health.custodian.records.internal.search.FhirPathExpr.TypeRoot;
import health.custodian.records.internal.search.FhirPathExpr.Union;
import health.custodian.records.internal.search.FhirPathExpr.Where;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for the FHIRPath subset used by the base R4 search parameters. Operator
 * precedence follows FHIRPath N1 section 6 ("Operator precedence"): path/indexer, then {@code is
 * as}, then {@code |}, then {@code = !=}, then {@code and}, then {@code or}. Anything outside the
 * subset is a {@link UnsupportedExpressionException}, so the parameter is reported, not guessed.
 */
final class FhirPathParser {

  /** The expression uses FHIRPath this evaluator does not implement. */
  static final class UnsupportedExpressionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedExpressionException(String message) {
      super(message);
    }
  }

  private final List<String> tokens;
  private int pos;

  private FhirPathParser(List<String> tokens) {
    this.tokens = tokens;
  }

  static FhirPathExpr parse(String expression) {
    FhirPathParser parser = new FhirPathParser(tokenize(expression));
    FhirPathExpr expr = parser.orExpr();
    if (parser.pos != parser.tokens.size()) {
      throw new UnsupportedExpressionException("unexpected '" + parser.peek() + "'");
    }
    return expr;
  }

  private FhirPathExpr orExpr() {
    FhirPathExpr left = andExpr();
    while (accept("or")) {
      left = new Or(left, andExpr());
    }
    return left;
  }

  private FhirPathExpr andExpr() {
    FhirPathExpr left = equality();
    while (accept("and")) {
      left = new And(left, equality());
    }
    return left;
  }

  private FhirPathExpr equality() {
    FhirPathExpr left = union();
    if (accept("=")) {
      return new Equality(left, union(), false);
    }
    if (accept("!=")) {
      return new Equality(left, union(), true);
    }
    return left;
  }

  private FhirPathExpr union() {
    List<FhirPathExpr> parts = new ArrayList<>();
    parts.add(typeExpr());
    while (accept("|")) {
      parts.add(typeExpr());
    }
    return parts.size() == 1 ? parts.get(0) : new Union(parts);
  }

  private FhirPathExpr typeExpr() {
    FhirPathExpr left = postfix(term());
    if (accept("as")) {
      return new AsType(left, typeName());
    }
    if (accept("is")) {
      return new IsType(left, typeName());
    }
    return left;
  }

  private FhirPathExpr postfix(FhirPathExpr start) {
    FhirPathExpr expr = start;
    while (true) {
      if (accept(".")) {
        expr = invocation(expr, identifier());
      } else if (accept("[")) {
        String n = next();
        expect("]");
        try {
          expr = new Index(expr, Integer.parseInt(n));
        } catch (NumberFormatException e) {
          throw new UnsupportedExpressionException("index " + n);
        }
      } else {
        return expr;
      }
    }
  }

  private FhirPathExpr term() {
    String t = peek();
    if (accept("(")) {
      FhirPathExpr inner = orExpr();
      expect(")");
      return inner;
    }
    if (t.startsWith("'")) {
      pos++;
      return new Literal(TextNode.valueOf(t.substring(1)));
    }
    if (accept("true")) {
      return new Literal(BooleanNode.TRUE);
    }
    if (accept("false")) {
      return new Literal(BooleanNode.FALSE);
    }
    if (!t.isEmpty() && Character.isDigit(t.charAt(0))) {
      pos++;
      return new Literal(DecimalNode.valueOf(new BigDecimal(t)));
    }
    String name = identifier();
    if (Character.isUpperCase(name.charAt(0)) && !peek().equals("(")) {
      // A type name at the start of a path selects focus items of that type (FHIRPath 4.1).
      return new TypeRoot(name);
    }
    return invocation(new Focus(), name);
  }

  private FhirPathExpr invocation(FhirPathExpr source, String name) {
    if (!accept("(")) {
      return new Member(source, name);
    }
    FhirPathExpr result =
        switch (name) {
          case "where" -> new Where(source, orExpr());
          case "exists" -> new Exists(source, peek().equals(")") ? null : orExpr());
          case "resolve" -> new Resolve(source);
          case "as", "ofType" -> new AsType(source, typeName());
          case "is" -> new IsType(source, typeName());
          case "extension" -> new Extension(source, stringLiteral());
          case "first" -> new First(source);
          case "not" -> new Not(source);
          default -> throw new UnsupportedExpressionException("function " + name + "()");
        };
    expect(")");
    return result;
  }

  private String typeName() {
    String name = identifier();
    // FHIR.Quantity and System.String qualify the model; only the type name matters here.
    while (accept(".")) {
      name = identifier();
    }
    return name;
  }

  private String stringLiteral() {
    String t = next();
    if (!t.startsWith("'")) {
      throw new UnsupportedExpressionException("expected a string, got " + t);
    }
    return t.substring(1);
  }

  private String identifier() {
    String t = next();
    if (t.startsWith("`")) {
      return t.substring(1);
    }
    if (t.isEmpty() || !(Character.isLetter(t.charAt(0)) || t.charAt(0) == '_')) {
      throw new UnsupportedExpressionException("expected a name, got '" + t + "'");
    }
    return t;
  }

  private String peek() {
    return pos < tokens.size() ? tokens.get(pos) : "";
  }

  private String next() {
    if (pos >= tokens.size()) {
      throw new UnsupportedExpressionException("unexpected end");
    }
    return tokens.get(pos++);
  }

  private boolean accept(String token) {
    if (peek().equals(token)) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(String token) {
    if (!accept(token)) {
      throw new UnsupportedExpressionException("expected '" + token + "', got '" + peek() + "'");
    }
  }

  /**
   * Splits into tokens. String literals become {@code 'text} (leading quote kept as a marker,
   * escapes resolved), delimited identifiers become {@code `name}.
   */
  static List<String> tokenize(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'' || c == '`') {
        StringBuilder sb = new StringBuilder().append(c);
        i++;
        while (i < s.length() && s.charAt(i) != c) {
          if (s.charAt(i) == '\\' && i + 1 < s.length()) {
            i++;
          }
          sb.append(s.charAt(i++));
        }
        if (i >= s.length()) {
          throw new UnsupportedExpressionException("unterminated literal");
        }
        i++;
        out.add(sb.toString());
      } else if (Character.isLetterOrDigit(c) || c == '_') {
        int start = i;
        while (i < s.length()
            && (Character.isLetterOrDigit(s.charAt(i))
                || s.charAt(i) == '_'
                || (s.charAt(i) == '.'
                    && Character.isDigit(c)
                    && i + 1 < s.length()
                    && Character.isDigit(s.charAt(i + 1))))) {
          i++;
        }
        out.add(s.substring(start, i));
      } else if (c == '!' && i + 1 < s.length() && s.charAt(i + 1) == '=') {
        out.add("!=");
        i += 2;
      } else if (".|()[]=,".indexOf(c) >= 0) {
        out.add(String.valueOf(c));
        i++;
      } else {
        throw new UnsupportedExpressionException("character '" + c + "'");
      }
    }
    return out;
  }
}
