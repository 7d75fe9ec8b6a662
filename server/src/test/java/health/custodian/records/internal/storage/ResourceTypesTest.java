package health.custodian.records.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourceTypesTest {

  @Test
  void aTypeIsKnownInPlaceExactlyWhenItsSubstringIsKnown() {
    for (String name : ResourceTypes.all()) {
      String reference = name + "/123";
      assertThat(ResourceTypes.isKnown(reference, 0, name.length())).as(name).isTrue();
      assertThat(ResourceTypes.isKnown("x" + reference, 1, name.length() + 1)).isTrue();
      assertThat(ResourceTypes.isKnown(reference, 0, name.length() - 1)).isFalse();
      assertThat(ResourceTypes.isKnown(name + "s/1", 0, name.length() + 1)).isFalse();
    }
    for (String other : new String[] {"", "patient", "PATIENT", "Patients", "Foo", "Resource"}) {
      assertThat(ResourceTypes.isKnown(other + "/1", 0, other.length()))
          .as(other)
          .isEqualTo(ResourceTypes.isKnown(other));
    }
  }
}
