package io.solider.nn.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ParameterGroupsTest {

  private final ParameterGroup weights = new ParameterGroup("weights", 1, 1e-4);
  private final ParameterGroup bias = new ParameterGroup("bias", 2, 0);
  private final ParameterGroup oneD = new ParameterGroup("1d", 1, 0);

  @Test
  void frozenFirstThenFirstMatchingRuleThenTheDefault() {
    ParameterGroups g = ParameterGroups.builder(weights)
        .freeze(k -> k.startsWith("semantic_embed"))
        .group(k -> k.endsWith(".bias"), bias)
        .group((k, v) -> v.rank() == 1, oneD)
        .build();
    var matrix = Nd4j.zeros(DataType.FLOAT, 2, 2);
    var vector = Nd4j.zeros(DataType.FLOAT, 2);
    assertThat(g.of("semantic_embed_w.0.weight", matrix)).isEmpty();
    assertThat(g.isFrozen("semantic_embed_w.0.weight")).isTrue();
    assertThat(g.of("fc.bias", vector)).contains(bias); // the bias rule comes before the 1-D one
    assertThat(g.of("norm.weight", vector)).contains(oneD);
    assertThat(g.of("fc.weight", matrix)).contains(weights);
    assertThat(g.groups()).containsExactly(weights, bias, oneD);
  }
}
