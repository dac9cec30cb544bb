package io.solider.nn.checkpoint.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.nn.checkpoint.Checkpoints;
import io.solider.nn.checkpoint.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few hundred seeded mutants of small checkpoints of every format (byte flips, truncations,
 * huge sizes, deep nesting, cycles, bad strides, wrong dtypes, odd headers): each must load
 * cleanly or be refused with the reader's own one-line exception, within five seconds. The long
 * run (10,000 mutants) is {@code solider bench checkpoint-fuzz}.
 */
class CheckpointFuzzTest {

  @TempDir Path dir;

  @Test
  void everySeedLoadsCleanly() throws Exception {
    for (CheckpointMutator.Seed s : CheckpointFuzz.seeds()) {
      Path f = Files.write(dir.resolve(s.name()), s.bytes());
      try (StateDict sd = Checkpoints.read(f)) {
        assertThat(sd.tensors()).as(s.name()).isNotEmpty();
        for (var t : sd.tensors().values()) {
          t.toINDArray();
        }
      }
    }
  }

  @Test
  void mutantsLoadCleanlyOrAreRefusedWithTheReadersOwnException() throws Exception {
    CheckpointFuzz.Report r = CheckpointFuzz.run(new CheckpointFuzz.Config(16, 600, Duration.ofSeconds(5), 1 << 24), dir);
    assertThat(r.failures()).as("mutants that ended badly").isEmpty();
    assertThat(r.outcomes().get(CheckpointFuzz.Outcome.REFUSED)).isGreaterThan(300);
    assertThat(r.byMutation()).containsKeys("nesting", "cycle", "dag", "bad-tensor", "pickle-int", "dtype", "version",
        "truncate", "flip", "npy-header", "st-header", "legacy-numel");
  }
}
