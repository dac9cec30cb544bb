package io.solider.ssl.trainer;

import io.solider.nn.train.RunFolder;
import io.solider.nn.train.TrainingOptions;
import io.solider.nn.train.TrainingResult;
import static org.assertj.core.api.Assertions.assertThat;

import io.solider.nn.backbone.Backbone;
import io.solider.ssl.augment.MultiCropLoader;
import io.solider.ssl.augment.SyntheticPeople;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class ResumeTest {

  @Test
  void resumedRunRepeatsTheUninterruptedLossCurveAndExportsALoadableTeacher(@TempDir Path dir) throws Exception {
    PretrainConfig cfg = Tiny.config();
    List<Path> files = SyntheticPeople.writeFolder(dir.resolve("data"), 4, 160, 80, 3);
    Path whole = dir.resolve("whole");
    Path parts = dir.resolve("parts");
    TrainingResult<SoliderPretraining, StepStats> a;
    List<StepStats> b = new ArrayList<>();
    TrainingResult<SoliderPretraining, StepStats> last;
    try (MultiCropLoader loader = new MultiCropLoader(files, cfg.crops(), cfg.training().batchSize(), 2, 1,
        cfg.seed())) {
      a = new SoliderTrainer(cfg, TrainingOptions.builder(whole).build()).train(loader);
      b.addAll(new SoliderTrainer(cfg, TrainingOptions.builder(parts).maxIterations(1).build()).train(loader).steps());
      last = new SoliderTrainer(cfg, TrainingOptions.builder(parts).resume(true).build()).train(loader);
      b.addAll(last.steps());
    }
    assertThat(a.steps()).hasSize(4);
    assertThat(b).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(b.get(i).dinoLoss()).as("dino loss at iteration %d", i).isEqualTo(a.steps().get(i).dinoLoss());
      assertThat(b.get(i).semanticLoss()).as("semantic loss at iteration %d", i)
          .isEqualTo(a.steps().get(i).semanticLoss());
    }
    Map<String, INDArray> ta = a.run().teacher().parameters();
    Map<String, INDArray> tb = last.run().teacher().parameters();
    for (String k : ta.keySet()) {
      assertThat(tb.get(k).equalsWithEps(ta.get(k), 0)).as(k).isTrue();
    }
    // The exported teacher loads as a backbone (release layout {"teacher": {"backbone.…"}}).
    Backbone teacher = Backbone.fromCheckpoint(whole.resolve(PretrainCheckpoint.TEACHER));
    assertThat(teacher.config().sameArchitecture(cfg.arch())).isTrue();
    assertThat(teacher.parameters().get("patch_embed.projection.weight")
        .equalsWithEps(ta.get("backbone.patch_embed.projection.weight"), 0)).isTrue();
    List<String> lines = Files.readAllLines(whole.resolve(RunFolder.LOG));
    assertThat(lines).filteredOn(l -> l.contains("\"type\":\"iter\"")).hasSize(4);
    assertThat(lines).filteredOn(l -> l.contains("\"type\":\"epoch\"")).hasSize(2);
  }
}
