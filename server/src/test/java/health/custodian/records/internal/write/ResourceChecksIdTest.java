package health.custodian.records.internal.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written id check against the R4 regex it replaces. */
class ResourceChecksIdTest {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-\\.]{1,64}");

  @Test
  void sameAnswersAsTheRegex() {
    String alphabet = "aZ09-._/ é:\u0000#";
    Random random = new Random(7);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder id = new StringBuilder();
      int length = random.nextInt(70);
      for (int i = 0; i < length; i++) {
        id.append(
            random.nextInt(4) == 0
                ? alphabet.charAt(random.nextInt(alphabet.length()))
                : (char) ('a' + random.nextInt(26)));
      }
      String text = id.toString();
      assertThat(ResourceChecks.isValidId(text)).as(text).isEqualTo(ID.matcher(text).matches());
    }
    assertThat(ResourceChecks.isValidId("a".repeat(64))).isTrue();
    assertThat(ResourceChecks.isValidId("a".repeat(65))).isFalse();
    assertThat(ResourceChecks.isValidId("")).isFalse();
  }
}
