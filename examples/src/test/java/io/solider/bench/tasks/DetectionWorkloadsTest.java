package io.solider.bench.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.image.ImageSize;
import io.solider.nn.train.Position;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The detection benchmark's workload runs a real step and an inference pass at a tiny size, and is registered. */
class DetectionWorkloadsTest {

  @Test
  void stepAndInferenceRunAtATinySize() throws Exception {
    DetectionWorkloads t = new DetectionWorkloads();
    assertThat(TaskBenchmark.TASKS).anyMatch(w -> w.task().equals("detection"));
    assertThat(t.releaseSize()).isEqualTo(new ImageSize(1024, 2048));
    assertThat(t.releaseBatch()).isEqualTo(3);
    SwinConfig arch = SwinConfig.of(16, List.of(1, 1, 1, 1), List.of(1, 2, 2, 4)).withWindowSize(4);
    try (TaskWorkload w = t.create(new TaskWorkloads.Spec(arch, new ImageSize(64, 128), 2, 1, 0))) {
      assertThat(w.trainBatch()).isEqualTo(2);
      w.trainStep(Position.START);
      w.trainStep(Position.START.nextBatch());
      w.infer();
    }
  }
}
