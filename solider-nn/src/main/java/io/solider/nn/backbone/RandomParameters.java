package io.solider.nn.backbone;

import io.solider.nn.blocks.ParamInit;
import io.solider.nn.blocks.ParameterSource;
import io.solider.nn.io.Shapes;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fresh parameters as the release's {@code init_weights} draws them (truncated normal 0.02 for
 * Linear weights, zero biases and bias tables, unit LayerNorm gains, PyTorch's default Conv2d
 * init), from a seed: the same seed and keys give the same arrays, whatever else runs.
 */
public final class RandomParameters implements ParameterSource {

  private final long seed;

  public RandomParameters(long seed) {
    this.seed = seed;
  }

  @Override
  public INDArray get(String key, ParamInit init, long... shape) {
    float[] v = new float[Math.toIntExact(Shapes.length(shape))];
    SplittableRandom rng = new SplittableRandom(seed ^ (key.hashCode() * 0x9E3779B97F4A7C15L));
    switch (init.kind()) {
      case ONES -> java.util.Arrays.fill(v, 1f);
      case CONSTANT -> java.util.Arrays.fill(v, (float) init.scale());
      case ZEROS -> { }
      case UNIFORM -> {
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) ((rng.nextDouble() * 2 - 1) * init.scale());
        }
      }
      case NORMAL -> {
        java.util.Random gauss = new java.util.Random(rng.nextLong());
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (gauss.nextGaussian() * init.scale());
        }
      }
      case TRUNC_NORMAL -> {
        java.util.Random gauss = new java.util.Random(rng.nextLong());
        for (int i = 0; i < v.length; i++) {
          double g;
          do {
            g = gauss.nextGaussian();
          } while (Math.abs(g) > 2);
          v[i] = (float) (g * init.scale());
        }
      }
    }
    return Nd4j.create(v, shape, 'c');
  }
}
