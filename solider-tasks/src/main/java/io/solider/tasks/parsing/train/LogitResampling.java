package io.solider.tasks.parsing.train;

import io.solider.nn.ops.Interpolation;
import io.solider.nn.ops.SeparableResampling;
import io.solider.nn.util.NdArrays;
import io.solider.tasks.parsing.head.ScoreMaps;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The release's {@code F.interpolate(pred, size=labels, mode='bilinear', align_corners=True)} of
 * the head's stride-4 logits to the label size, done outside the graph (sparse separable
 * products, several times faster than in a graph), and its exact adjoint, which brings the Java
 * loss's gradient back to the logits.
 */
final class LogitResampling {

  private final float[][] rows;
  private final float[][] cols;

  /** Resizing {@code h × w} maps to {@code height × width} labels. */
  LogitResampling(int h, int w, int height, int width) {
    this.rows = Interpolation.bilinear(h, height, true);
    this.cols = Interpolation.bilinear(w, width, true);
  }

  /** Logits (B, C, h, w) at label resolution. */
  ScoreMaps up(INDArray logits) {
    INDArray up = SeparableResampling.apply(logits, rows, cols);
    ScoreMaps s = ScoreMaps.of(up);
    NdArrays.close(up);
    return s;
  }

  /** d loss / d logits (B, C, h, w) from d loss / d upsampled logits. */
  INDArray down(ScoreMaps gradient) {
    INDArray g = gradient.toArray();
    INDArray d = SeparableResampling.adjoint(g, rows, cols);
    NdArrays.close(g);
    return d;
  }
}
