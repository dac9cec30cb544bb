package io.solider.nn.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.nn.blocks.ParamFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SharedInstancesTest {

  @Test
  void twoInstancesInOneGraphShareParametersAndMatchTheStandaloneBackbone() {
    SwinConfig cfg = SwinConfig.of(8, List.of(1, 1, 1, 1), List.of(1, 1, 2, 2));
    Backbone backbone = Backbone.initialized(cfg, 7);
    SameDiff sd = SameDiff.create();
    ParamFactory p = new ParamFactory(sd, (key, init, shape) ->
        backbone.parameters().get(key.substring("backbone.".length()))).child("backbone");
    SwinBackbone.Nodes g = SwinBackbone.build(p, "g", cfg, 64, 32, BackboneMode.INFERENCE);
    SwinBackbone.Nodes l = SwinBackbone.build(p, "l", cfg, 32, 16, BackboneMode.INFERENCE);
    long vars = sd.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE).count();
    assertThat(vars).isEqualTo(backbone.parameters().size());
    assertThat(sd.hasVariable("backbone.patch_embed.projection.weight")).isTrue();
    assertThat(g.input().name()).isEqualTo("g/input");

    Nd4j.getRandom().setSeed(3);
    INDArray big = Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3, 64, 32);
    INDArray small = Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 3, 32, 16);
    INDArray sw2 = SemanticWeights.constant(0.3, 2);
    INDArray sw3 = SemanticWeights.constant(0.7, 3);
    Map<String, INDArray> ph = new HashMap<>();
    ph.put("g/input", big);
    ph.put("g/semantic_weight", sw2);
    ph.put("l/input", small);
    ph.put("l/semantic_weight", sw3);
    Map<String, INDArray> out = sd.output(ph, g.pooled().name(), l.pooled().name(), g.stages().get(3).name());
    BackboneOutputs refG = backbone.graph(64, 32, BackboneMode.INFERENCE).forward(big, sw2);
    BackboneOutputs refL = backbone.graph(32, 16, BackboneMode.INFERENCE).forward(small, sw3);
    assertThat(out.get(g.pooled().name()).equalsWithEps(refG.pooled(), 1e-6)).isTrue();
    assertThat(out.get(l.pooled().name()).equalsWithEps(refL.pooled(), 1e-6)).isTrue();
    assertThat(out.get(g.stages().get(3).name()).equalsWithEps(refG.stages().get(3), 1e-6)).isTrue();
  }
}
