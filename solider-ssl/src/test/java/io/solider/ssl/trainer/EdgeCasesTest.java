package io.solider.ssl.trainer;

import io.solider.nn.train.Position;
import io.solider.nn.train.NonFiniteLossException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solider.ssl.heads.HeadConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class EdgeCasesTest {

  @Test
  void stepWhereNoImageIsKeptTrainsOnDinoAlone() {
    // 9 parts on 4×2 last-stage maps: no view can hold 9 foreground tokens, so none is kept.
    PretrainConfig base = Tiny.config();
    PretrainConfig cfg = base.toBuilder().heads(base.heads().dino(), HeadConfig.partClassifier(9).withWidths(16, 8))
        .semantic(new PretrainConfig.Semantic(9, 1.0, false)).build();
    SoliderPretraining run = SoliderPretraining.create(cfg, 2);
    INDArray before = run.student().parameters().get("backbone.patch_embed.projection.weight").dup();
    StepStats s = run.step(Tiny.batch(cfg, 2, 4), new Position(0, 1, 1));
    assertThat(s.kept()).isZero();
    assertThat(s.semanticLoss()).isZero();
    assertThat(s.partAccuracy()).isNaN();
    assertThat(s.dinoLoss()).isFinite().isPositive();
    assertThat(run.student().parameters().get("backbone.patch_embed.projection.weight").equalsWithEps(before, 1e-9))
        .isFalse();
  }

  @Test
  void nonFiniteLossStopsNamingTheTermBeforeAnyUpdate() {
    PretrainConfig cfg = Tiny.config();
    SoliderPretraining run = SoliderPretraining.create(cfg, 2);
    run.student().parameters().get("head.mlp.0.bias").putScalar(0, Float.NaN);
    INDArray before = run.student().parameters().get("backbone.patch_embed.projection.weight").dup();
    assertThatThrownBy(() -> run.step(Tiny.batch(cfg, 2, 4), new Position(0, 1, 1)))
        .isInstanceOf(NonFiniteLossException.class)
        .hasMessageContaining("'dino'")
        .hasMessageContaining("iteration 1");
    assertThat(run.student().parameters().get("backbone.patch_embed.projection.weight").equalsWithEps(before, 0))
        .isTrue();
  }

  @Test
  void dinoOnlyHasNoSemanticPathAndOneLambda() {
    PretrainConfig cfg = Tiny.config().toBuilder().dinoOnly(1.0).build();
    SoliderPretraining run = SoliderPretraining.create(cfg, 2);
    SoliderPretraining.StepInputs in = run.prepare(Tiny.batch(cfg, 2, 4), 0, 0);
    assertThat(in.kept).isZero();
    // Every student view (2 globals × 2 images) carries λ = 1.
    INDArray sw = in.placeholders.get(io.solider.nn.backbone.SwinBackbone.scoped(StudentGraph.GLOBAL,
        io.solider.nn.backbone.SwinBackbone.SEMANTIC_WEIGHT));
    assertThat(sw.getColumn(0).toDoubleVector()).containsOnly(1.0);
    in.close();
    StepStats s = run.step(Tiny.batch(cfg, 2, 4), new Position(0, 0, 0));
    assertThat(s.semanticLoss()).isZero();
    assertThat(s.dinoLoss()).isFinite().isPositive();
  }
}
