package io.solider.bench.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.cli.SoliderCli;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.image.ImageSize;
import io.solider.nn.train.Position;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every task the benchmark knows runs a real training step (twice, so the optimiser's state is
 * used) and an inference pass at a tiny size; the release's sizes are the documented ones.
 */
class TaskWorkloadsTest {

  /** Release input size (H x W) and batch per task, as the task docs give them. */
  static final Map<String, Object[]> RELEASE = Map.of(
      "attribute", new Object[] {new ImageSize(256, 128), 64},
      "pose", new Object[] {new ImageSize(384, 288), 16},
      "parsing", new Object[] {new ImageSize(572, 384), 8},
      "detection", new Object[] {new ImageSize(1024, 2048), 3},
      "search", new Object[] {new ImageSize(900, 1500), 4});

  /** Tiny inputs each task's geometry accepts (multiples of its stride, search's minimum anchors). */
  static final Map<String, ImageSize> TINY = Map.of(
      "attribute", new ImageSize(64, 32),
      "pose", new ImageSize(64, 48),
      "parsing", new ImageSize(64, 48),
      "detection", new ImageSize(64, 128),
      "search", new ImageSize(96, 160));

  static List<TaskWorkloads> tasks() {
    return TaskBenchmark.TASKS;
  }

  @ParameterizedTest
  @MethodSource("tasks")
  void stepAndInferenceRunAtATinySize(TaskWorkloads t) throws Exception {
    assertThat(RELEASE).containsKey(t.task());
    assertThat(t.releaseSize()).isEqualTo(RELEASE.get(t.task())[0]);
    assertThat(t.releaseBatch()).isEqualTo(RELEASE.get(t.task())[1]);
    SwinConfig arch = SwinConfig.of(16, List.of(1, 1, 1, 1), List.of(1, 2, 2, 4)).withWindowSize(4);
    try (TaskWorkload w = t.create(new TaskWorkloads.Spec(arch, TINY.get(t.task()), 2, 1, 0))) {
      w.trainStep(Position.START);
      w.trainStep(Position.START.nextBatch());
      w.infer();
    }
  }

  @Test
  void anUnknownTaskIsOneLineNamingTheKnownOnes() {
    CommandLine cl = SoliderCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("bench", "task", "--task", "reid-ish");
    assertThat(code).as(err.toString()).isEqualTo(2);
    assertThat(err.toString().strip()).doesNotContain("\n").contains("unknown task 'reid-ish'").contains("detection");
  }
}
