package health.custodian.audit.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallerEstimateTest {

  @Test
  void theWaitEndsAtHalfTheMostRecordsInsideAtOnceAndAtLeastTwo() {
    CallerEstimate callers = new CallerEstimate();
    assertThat(callers.gatherTarget(1000)).isEqualTo(2);
    for (int i = 0; i < 8; i++) {
      callers.enter();
    }
    for (int i = 0; i < 8; i++) {
      callers.leave();
    }
    assertThat(callers.gatherTarget(1000)).isEqualTo(4);
    assertThat(callers.gatherTarget(3)).isEqualTo(3);
    for (int i = 0; i < 33; i++) {
      callers.enter();
    }
    assertThat(callers.gatherTarget(1000)).isEqualTo(17);
  }

  @Test
  void aPeakIsForgottenAfterTwoWindowsOfBatches() {
    CallerEstimate callers = new CallerEstimate();
    for (int i = 0; i < 32; i++) {
      callers.enter();
    }
    for (int i = 0; i < 30; i++) {
      callers.leave();
    }
    // two callers stay inside; the peak of 32 holds through this window and the next
    int target = 0;
    for (int batch = 0; batch < CallerEstimate.WINDOW; batch++) {
      target = callers.gatherTarget(1000);
    }
    assertThat(target).isEqualTo(16);
    for (int batch = 0; batch < CallerEstimate.WINDOW; batch++) {
      target = callers.gatherTarget(1000);
    }
    assertThat(target).isEqualTo(2);
  }
}
