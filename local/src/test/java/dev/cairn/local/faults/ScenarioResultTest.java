package dev.cairn.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a scenario's recovery is judged on: from the end of the fault, a server's own restart not counted. */
class ScenarioResultTest {

    static final FaultCheck.Figures CLEAN = new FaultCheck.Figures(0, 0, 0, 0, 0, 0, 0, 0);

    static ScenarioResult result(double[] recovery, double repairS, boolean serverFault) {
        return new ScenarioResult("s", 10, CLEAN, recovery, repairS, serverFault, true, true, "", List.of(), "");
    }

    @Test
    void aServerFaultCountsFromTheMomentTheServerAnswersAgain() {
        // the broker took 30.8 s to start; the ledger applied 11.1 s after that
        ScenarioResult r = result(new double[] {41.9, 35.5, 33.1, 44.5, 268.5, 45.8}, 30.8, true);
        assertThat(r.fromRepairStartS()).isEqualTo(41.9);
        assertThat(r.recoveryS()).isCloseTo(11.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.passed()).isTrue();
    }

    @Test
    void aKilledServiceCountsItsOwnStart() {
        ScenarioResult r = result(new double[] {41.9, 12.0, 3.0, 50, 50, 50}, 30.8, false);
        assertThat(r.recoveryS()).isEqualTo(41.9);
        assertThat(r.passed()).isFalse();
    }

    @Test
    void aPartThatNeverRecoveredOrARepairThatFailedIsNotMeasured() {
        assertThat(result(new double[] {1, -1, 1, 1, 1, 1}, 2, true).recoveryS())
                .isEqualTo(-1);
        assertThat(result(new double[] {1, 1, 1, 1, 1, 1}, -1, true).recoveryS())
                .isEqualTo(-1);
        assertThat(result(new double[] {1, 1, 1, 1, 1, 1}, -1, true).passed()).isFalse();
    }

    @Test
    void aServiceThatRecoveredWhileTheServerStartedCountsAsZero() {
        assertThat(result(new double[] {0.5, 0.6, 0.1, 1, 1, 1}, 12, true).recoveryS())
                .isZero();
    }
}
