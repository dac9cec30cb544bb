package io.solider.nn.blocks;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solider.nn.util.GradientFunctions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Why {@link Conv2d} permutes PyTorch's weight inside the graph instead of telling SameDiff the
 * weight is OIYX: with {@code WeightsFormat.OIYX} the backward pass fails (1.0.0-M2.1, conv2d_bp
 * checks the output gradient against the wrong channel count). If this test starts failing, an
 * upgrade fixed it and the permute could go.
 */
class ConvolutionLayoutFactsTest {

  @Test
  void oiyxWeightsHaveNoBackwardPass() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", Nd4j.rand(DataType.FLOAT, 2, 3, 5, 4));
    SDVariable w = sd.var("w", Nd4j.rand(DataType.FLOAT, 4, 3, 3, 3));
    SDVariable y = sd.cnn().conv2d(x, w, Conv2DConfig.builder().kH(3).kW(3).pH(1).pW(1)
        .dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.OIYX).build());
    sd.identity("loss", y.sum());
    sd.setLossVariables("loss");
    GradientFunctions.create(sd);
    assertThatThrownBy(() -> sd.calculateGradients(Map.of(), List.of("x", "w"))).isInstanceOf(RuntimeException.class);
  }
}
