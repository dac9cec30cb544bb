package io.solider.nn.ops;

import io.solider.nn.blocks.ParameterStore;
import io.solider.nn.head.HeadGraph;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Cost of a bilinear resize (align_corners=True) in a graph (matrix products, forward and
 * backward) and outside it (sparse loops, apply and adjoint). A main class, not a test (see
 * docs/LAYERS.md for the command and the figures).
 *
 * <p>Usage: {@code ResamplingBenchmark batch channels h w outH outW [iterations]}, e.g. the
 * parsing decoder's {@code 8 256 36 24 143 96} or its loss's {@code 8 20 143 96 572 384}.
 */
public final class ResamplingBenchmark {

  private ResamplingBenchmark() {}

  public static void main(String[] args) {
    int[] a = Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    int b = a[0];
    int c = a[1];
    int h = a[2];
    int w = a[3];
    int oh = a[4];
    int ow = a[5];
    int iterations = a.length > 6 ? a[6] : 3;
    float[][] rows = Interpolation.bilinear(h, oh, true);
    float[][] cols = Interpolation.bilinear(w, ow, true);
    INDArray x = Nd4j.rand(DataType.FLOAT, b, c, h, w);
    INDArray gy = Nd4j.rand(DataType.FLOAT, b, c, oh, ow);
    HeadGraph g = HeadGraph.builder().feature("x", c, h, w).training(true).build(ParameterStore.of(Map.of(), "none"),
        ctx -> ctx.output("y", SeparableResampling.apply(ctx.sd(), ctx.feature("x"), c, rows, cols)));
    double[][] t = new double[4][iterations];
    for (int i = 0; i < iterations; i++) {
      long t0 = System.nanoTime();
      g.forward(Map.of("x", x), Map.of()).get("y").close();
      long t1 = System.nanoTime();
      g.backward(Map.of("x", x), Map.of(), Map.of("y", gy)).features().get("x").close();
      long t2 = System.nanoTime();
      SeparableResampling.apply(x, rows, cols).close();
      long t3 = System.nanoTime();
      SeparableResampling.adjoint(gy, rows, cols).close();
      long t4 = System.nanoTime();
      t[0][i] = (t1 - t0) / 1e6;
      t[1][i] = (t2 - t1) / 1e6;
      t[2][i] = (t3 - t2) / 1e6;
      t[3][i] = (t4 - t3) / 1e6;
    }
    System.out.printf(Locale.ROOT, "(%d, %d, %d, %d) -> %dx%d, median ms: graph forward %.0f, graph backward "
        + "(recomputes the forward) %.0f; outside the graph: apply %.0f, adjoint %.0f%n", b, c, h, w, oh, ow,
        median(t[0]), median(t[1]), median(t[2]), median(t[3]));
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }
}
