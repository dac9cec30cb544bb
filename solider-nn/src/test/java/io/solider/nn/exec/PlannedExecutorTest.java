package io.solider.nn.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.BackboneGraph;
import io.solider.nn.backbone.BackboneMode;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.backbone.SwinBackbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.util.GradientFunctions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The planned executor computes exactly what SameDiff's own session computes, forward and backward. */
class PlannedExecutorTest {

  /** Shifted and padded windows (window 3 on odd grids), all four stages, a drop-path input. */
  private static final SwinConfig SMALL = SwinConfig.of(8, List.of(2, 1, 1, 2), List.of(1, 2, 2, 4))
      .withWindowSize(3);
  private static final List<String> OUTPUTS = List.of(SwinBackbone.POOLED, "stage0", "stage1", "stage2", "stage3");

  @Test
  void forwardEqualsSameDiffToTheLastBit() {
    Backbone b = Backbone.initialized(SMALL, 3);
    BackboneGraph g = b.graph(50, 37, BackboneMode.INFERENCE);
    Map<String, INDArray> ph = g.placeholders(images(2, 50, 37, 1), SemanticWeights.of(0.2, 0.9), null);
    Map<String, INDArray> ref = new SameDiffRunner(g.sameDiff()).output(ph, OUTPUTS);
    try (GraphRunner planned = GraphExecution.PLANNED.runner(g.sameDiff())) {
      for (int run = 0; run < 3; run++) {
        Map<String, INDArray> ours = planned.output(ph, OUTPUTS);
        for (String o : OUTPUTS) {
          assertThat(ours.get(o).shape()).as(o).containsExactly(ref.get(o).shape());
          assertThat(maxAbsDiff(ours.get(o), ref.get(o))).as(o).isZero();
        }
        // The caller owns its outputs: closing them must not disturb the next run.
        ours.values().forEach(INDArray::close);
      }
    }
  }

  @Test
  void gradientsEqualSameDiffWithDropPathAndABatchChange() {
    Backbone b = Backbone.initialized(SMALL.withDropPathRate(0.3), 5);
    BackboneGraph g = b.graph(40, 24, BackboneMode.TRAINING);
    SameDiff sd = g.sameDiff();
    SDVariable r = sd.placeHolder("r", DataType.FLOAT, -1, SMALL.pooledDim());
    sd.identity("loss", sd.getVariable(SwinBackbone.POOLED).mul(r).sum());
    sd.setLossVariables("loss");
    GradientFunctions.create(sd);
    List<String> names = new ArrayList<>(b.parameters().keySet());
    try (GraphRunner planned = GraphExecution.PLANNED.runner(sd)) {
      for (int batch : new int[] {3, 2, 3}) {
        Map<String, INDArray> ph = g.placeholders(images(batch, 40, 24, batch), SemanticWeights.constant(0.4, batch),
            new SplittableRandom(batch));
        Nd4j.getRandom().setSeed(batch);
        ph.put("r", Nd4j.randn(DataType.FLOAT, batch, SMALL.pooledDim()));
        var ref = new SameDiffRunner(sd).outputsAndGradients(ph, List.of("loss"), names);
        var ours = planned.outputsAndGradients(ph, List.of("loss"), names);
        assertThat(ours.getOutputs().get("loss").getDouble(0)).isEqualTo(ref.getOutputs().get("loss").getDouble(0));
        assertThat(ours.getGradients().keySet()).isEqualTo(ref.getGradients().keySet());
        for (String n : ref.getGradients().keySet()) {
          assertThat(maxAbsDiff(ours.getGradients().get(n), ref.getGradients().get(n))).as(n).isZero();
        }
      }
    }
  }

  @Test
  void aMissingPlaceholderIsNamed() {
    Backbone b = Backbone.initialized(SMALL, 3);
    BackboneGraph g = b.graph(24, 24, BackboneMode.INFERENCE);
    try (GraphRunner planned = GraphExecution.PLANNED.runner(g.sameDiff())) {
      assertThatThrownBy(() -> planned.output(Map.of(SwinBackbone.INPUT, images(1, 24, 24, 1)), OUTPUTS))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(SwinBackbone.SEMANTIC_WEIGHT);
    }
  }

  @Test
  void theEngineIsChosenByName() {
    assertThat(GraphExecution.parse("SameDiff")).isEqualTo(GraphExecution.SAMEDIFF);
    assertThat(GraphExecution.parse(" planned ")).isEqualTo(GraphExecution.PLANNED);
    assertThatThrownBy(() -> GraphExecution.parse("fast")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fast");
  }

  static INDArray images(int batch, int h, int w, long seed) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.randn(DataType.FLOAT, batch, 3, h, w);
  }

  static double maxAbsDiff(INDArray a, INDArray b) {
    return a.sub(b).amaxNumber().doubleValue();
  }
}
