package io.solider.tasks.parsing.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.parsing.ParsingReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The SCHP learning rate against the release's SGDRScheduler under torch (make_transform_reference.py). */
class SchpScheduleTest {

  static final JsonNode REF = ParsingReference.json("transform/reference.json");

  @Test
  void releaseScheduleEqualsSgdrSchedulerBitForBit() {
    assertThat(SchpSchedule.release().perEpoch()).containsExactly(ParsingReference.doubles(REF.get("schedule_release")));
  }

  @Test
  void otherSettingsToo() {
    double lr = 0.01;
    SchpSchedule s = new SchpSchedule(lr, lr / 100, 5, 40, lr / 2, 7, 60);
    assertThat(s.perEpoch()).containsExactly(ParsingReference.doubles(REF.get("schedule_other")));
  }

  @Test
  void warmupStartsAtEtaMinAndCyclesRestartAtHalfTheBaseRate() {
    double[] lr = SchpSchedule.release().perEpoch();
    assertThat(lr[0]).isEqualTo(7e-3 / 500);
    assertThat(lr[30]).isEqualTo(7e-3);
    assertThat(lr[120]).isEqualTo(3.5e-3);
    assertThat(lr[130]).isEqualTo(3.5e-3);
    double[] it = SchpSchedule.release().perIteration(3);
    assertThat(it).hasSize(450);
    assertThat(it[3 * 31 + 2]).isEqualTo(lr[31]);
  }

  @Test
  void cyclesEndAfterEpochs120To150() {
    SchpCycles c = SchpCycles.release();
    assertThat(IntStream.range(0, 150).filter(c::endsCycle).map(e -> e + 1).toArray()).containsExactly(120, 130, 140, 150);
    assertThat(c.cyclesBefore(119)).isZero();
    assertThat(c.cyclesBefore(120)).isEqualTo(1);
    assertThat(c.cyclesBefore(129)).isEqualTo(1);
    assertThat(c.cyclesBefore(130)).isEqualTo(2);
    assertThat(SchpCycles.averagingWeight(0)).isEqualTo(1.0);
    assertThat(SchpCycles.averagingWeight(3)).isEqualTo(0.25);
    assertThat(SchpCycles.bnMomentum(0, 8)).isEqualTo(1.0);
    assertThat(SchpCycles.bnMomentum(8, 8)).isEqualTo(0.5);
  }
}
