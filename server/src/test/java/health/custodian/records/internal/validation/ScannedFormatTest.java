package health.custodian.records.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each hand-written scanner against the R4 regex it replaces: the spec's boundaries, values the
 * regex accepts or rejects by a hair, and many random mutations of valid values, which must all be
 * judged the same by both.
 */
class ScannedFormatTest {

  /** Values of every format, near their edges, valid and not. */
  private static final List<String> TRICKY =
      List.of(
          // date, dateTime and instant (R4 datatypes §2.24.0.1)
          "2015-02-07T13:28:17.239+02:00",
          "2017-01-01T00:00:00.000Z",
          "2017-01-01T00:00:00Z",
          "2017-01",
          "2016-13-01",
          "2016-00-01",
          "2016-12-00",
          "2016-12-32",
          "2016-12-31",
          "2016-02-30",
          "2018",
          "0000",
          "0001",
          "0010",
          "0100",
          "1000",
          "9999",
          "999",
          "10000",
          "2018-",
          "2018-1",
          "2018-01-",
          "2018-01-1",
          "2018-01-01T",
          "2018-01-01T10:00",
          "2018-01-01T10:00:00",
          "2018-01-01T23:59:60Z",
          "2018-01-01T23:59:61Z",
          "2018-01-01T24:00:00Z",
          "2018-01-01T19:00:00Z",
          "2018-01-01T20:00:00Z",
          "2018-01-01T23:60:00Z",
          "2018-01-01T10:00:00.Z",
          "2018-01-01T10:00:00.5Z",
          "2018-01-01T10:00:00.123456789012Z",
          "2018-01-01T10:00:00+14:00",
          "2018-01-01T10:00:00+14:01",
          "2018-01-01T10:00:00-14:00",
          "2018-01-01T10:00:00+13:59",
          "2018-01-01T10:00:00+13:60",
          "2018-01-01T10:00:00+15:00",
          "2018-01-01T10:00:00+09:30",
          "2018-01-01T10:00:00+00:00",
          "2018-01-01T10:00:00-00:00",
          "2018-01-01T10:00:00+0200",
          "2018-01-01T10:00:00+02",
          "2018-01-01T10:00:00z",
          "2018-01-01T10:00:00ZZ",
          "2018-01-01T10:00:00Z ",
          " 2018-01-01",
          "2018-01-01t10:00:00Z",
          "2018-01-01 10:00:00Z",
          "2018/01/01",
          "２０１８",
          "2018-01-01T10:00:00.٣Z",
          "",
          // time
          "00:00:00",
          "23:59:60",
          "23:59:60.5",
          "24:00:00",
          "12:00",
          "12:00:00.",
          "12:00:00.0001",
          "12:00:00Z",
          "9:00:00",
          // id (R4 §2.24.0.2: 1 to 64 characters)
          "a",
          "A-z.0",
          "a_b",
          "a b",
          "é",
          "-",
          ".",
          "x".repeat(64),
          "x".repeat(65),
          // oid
          "urn:oid:1.2.3",
          "urn:oid:2.16.840.1.113883",
          "urn:oid:0.0",
          "urn:oid:1.0.0.5",
          "urn:oid:1.01",
          "urn:oid:1",
          "urn:oid:1.",
          "urn:oid:1..2",
          "urn:oid:3.1",
          "urn:oid:1.2.",
          "urn:oid:.1",
          "URN:OID:1.2",
          "urn:oid:1.20",
          "urn:oid:1.2a",
          // uuid
          "urn:uuid:c757873d-ec9a-4326-a141-556f43239520",
          "urn:uuid:C757873D-EC9A-4326-A141-556F43239520",
          "urn:uuid:c757873d-ec9a-4326-a141-556f4323952",
          "urn:uuid:c757873d-ec9a-4326-a141-556f432395200",
          "urn:uuid:c757873dxec9a-4326-a141-556f43239520",
          "urn:uuid:g757873d-ec9a-4326-a141-556f43239520",
          "c757873d-ec9a-4326-a141-556f43239520");

  /** Characters the mutations draw from: everything the regexes care about, and some more. */
  private static final String ALPHABET = "0123456789-:.TZ+z t/aAfFgG_urnoidUUID\u0663\u00e9";

  @Test
  void eachScannerIsUsedForTheRegexItWasWrittenFor() {
    for (ScannedFormat format : ScannedFormat.values()) {
      assertThat(ScannedFormat.forRegex(format.type(), format.regex())).isSameAs(format);
      assertThat(ScannedFormat.forRegex(format.type(), format.regex() + "?")).isNull();
    }
    assertThat(ScannedFormat.forRegex("date", ScannedFormat.DATE_TIME.regex())).isNull();
  }

  @Test
  void theCoreModelChecksTheSevenTypesWithScanners() {
    // The regexes of the R4 package on the class path are exactly the ones the scanners replace.
    assertThat(SharedModel.MODEL.id().scanner()).isEqualTo(ScannedFormat.ID);
    TypeModel patient = SharedModel.MODEL.resource("Patient");
    assertThat(patient).isNotNull();
    assertThat(patient.property("birthDate").primitive().scanner()).isEqualTo(ScannedFormat.DATE);
    assertThat(patient.property("deceasedDateTime").primitive().scanner())
        .isEqualTo(ScannedFormat.DATE_TIME);
    TypeModel meta = SharedModel.MODEL.resource("Bundle").property("meta").complex();
    assertThat(meta.property("lastUpdated").primitive().scanner()).isEqualTo(ScannedFormat.INSTANT);
    TypeModel availability =
        SharedModel.MODEL.resource("PractitionerRole").property("availableTime").complex();
    assertThat(availability.property("availableStartTime").primitive().scanner())
        .isEqualTo(ScannedFormat.TIME);
  }

  @Test
  void specBoundaries() {
    assertThat(ScannedFormat.DATE_TIME.matches("2015-02-07T13:28:17.239+02:00")).isTrue();
    assertThat(ScannedFormat.DATE_TIME.matches("2017-01")).isTrue();
    assertThat(ScannedFormat.DATE_TIME.matches("2018")).isTrue();
    assertThat(ScannedFormat.DATE_TIME.matches("2016-13-01")).isFalse();
    assertThat(ScannedFormat.DATE_TIME.matches("2018-01-01T10:00:00")).isFalse(); // zone needed
    assertThat(ScannedFormat.DATE_TIME.matches("2018-01-01T23:59:60Z")).isTrue(); // leap second
    assertThat(ScannedFormat.DATE_TIME.matches("2018-01-01T10:00:00+14:00")).isTrue();
    assertThat(ScannedFormat.DATE_TIME.matches("2018-01-01T10:00:00+14:01")).isFalse();
    assertThat(ScannedFormat.DATE_TIME.matches("0000")).isFalse();
    assertThat(ScannedFormat.DATE.matches("2018-01-01T10:00:00Z")).isFalse();
    assertThat(ScannedFormat.INSTANT.matches("2017-01-01T00:00:00.000Z")).isTrue();
    assertThat(ScannedFormat.INSTANT.matches("2017-01-01")).isFalse();
    assertThat(ScannedFormat.TIME.matches("23:59:60.5")).isTrue();
    assertThat(ScannedFormat.ID.matches("x".repeat(64))).isTrue();
    assertThat(ScannedFormat.ID.matches("x".repeat(65))).isFalse();
    assertThat(ScannedFormat.OID.matches("urn:oid:1.0.0.5")).isTrue();
    assertThat(ScannedFormat.OID.matches("urn:oid:1.01")).isFalse();
    assertThat(ScannedFormat.UUID.matches("urn:uuid:c757873d-ec9a-4326-a141-556f43239520"))
        .isTrue();
  }

  @ParameterizedTest
  @EnumSource(ScannedFormat.class)
  void agreesWithItsRegexOnTrickyValues(ScannedFormat format) {
    Pattern regex = Pattern.compile(format.regex());
    for (String value : TRICKY) {
      assertThat(format.matches(value))
          .as("%s %s", format, value)
          .isEqualTo(regex.matcher(value).matches());
    }
  }

  @ParameterizedTest
  @EnumSource(ScannedFormat.class)
  void agreesWithItsRegexOnRandomMutations(ScannedFormat format) {
    Pattern regex = Pattern.compile(format.regex());
    Random random = new Random(format.ordinal() * 7919L + 1);
    List<String> seeds = new ArrayList<>();
    for (String value : TRICKY) {
      if (regex.matcher(value).matches()) {
        seeds.add(value);
      }
    }
    assertThat(seeds).isNotEmpty();
    Set<String> accepted = new LinkedHashSet<>();
    int rejected = 0;
    for (int i = 0; i < 200_000; i++) {
      String value = mutate(seeds.get(random.nextInt(seeds.size())), random);
      boolean expected = regex.matcher(value).matches();
      assertThat(format.matches(value)).as("%s %s", format, value).isEqualTo(expected);
      if (expected) {
        accepted.add(value);
      } else {
        rejected++;
      }
    }
    // The mutations must explore both sides of the boundary to prove anything.
    assertThat(accepted.size()).isGreaterThan(50);
    assertThat(rejected).isGreaterThan(20_000);
  }

  /** One to three random edits: replace, insert or delete a character. */
  private static String mutate(String seed, Random random) {
    StringBuilder s = new StringBuilder(seed);
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = s.isEmpty() ? 0 : random.nextInt(s.length());
      char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
      switch (random.nextInt(3)) {
        case 0 -> {
          if (!s.isEmpty()) {
            s.setCharAt(at, c);
          }
        }
        case 1 -> s.insert(at, c);
        default -> {
          if (!s.isEmpty()) {
            s.deleteCharAt(at);
          }
        }
      }
    }
    return s.toString();
  }
}
