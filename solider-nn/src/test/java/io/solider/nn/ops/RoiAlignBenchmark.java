package io.solider.nn.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Cost of {@link RoiSampling} at person-search size: a stride-16 map of a 928×1504 padded batch
 * (58×94 cells), person-shaped boxes, forward and backward. A main class, not a test (see
 * docs/LAYERS.md for the command and the figures).
 *
 * <p>Usage: {@code RoiAlignBenchmark [batch channels boxesPerImage iterations]}, default
 * {@code 4 384 128 3} (Swin-T feat_res4, 128 sampled boxes per image as in training). Prints the
 * sampling weights' size, the largest support window, the dense alternative's size, the median
 * forward and backward times, and the growth of resident memory (VmRSS) over the runs.
 */
public final class RoiAlignBenchmark {

  private RoiAlignBenchmark() {}

  public static void main(String[] args) throws IOException {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int channels = args.length > 1 ? Integer.parseInt(args[1]) : 384;
    int perImage = args.length > 2 ? Integer.parseInt(args[2]) : 128;
    int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int h = 58;
    int w = 94;
    INDArray features = Nd4j.rand(DataType.FLOAT, batch, channels, h, w);
    INDArray rois = personBoxes(new SplittableRandom(1), batch, perImage, h * 16, w * 16);
    RoiAlign align = new RoiAlign(new RoiAlign.Config(14, 14, 1.0 / 16, 2, false));
    long rss0 = rss();
    double[] sample = new double[iterations];
    double[] fwd = new double[iterations];
    double[] bwd = new double[iterations];
    RoiSampling s = null;
    for (int i = 0; i < iterations; i++) {
      long t0 = System.nanoTime();
      s = align.sample(rois, batch, h, w);
      long t1 = System.nanoTime();
      INDArray out = s.forward(features);
      long t2 = System.nanoTime();
      INDArray grad = s.backward(out, channels);
      long t3 = System.nanoTime();
      sample[i] = (t1 - t0) / 1e6;
      fwd[i] = (t2 - t1) / 1e6;
      bwd[i] = (t3 - t2) / 1e6;
      out.close();
      grad.close();
    }
    long k = rois.size(0);
    double denseGb = 4.0 * k * 14 * 14 * h * w / 1e9;
    System.out.printf(Locale.ROOT, "boxes %d on (%d, %d, %d, %d): weights %.2f MB, largest window %s, "
        + "dense (K·14·14, H·W) matrix would be %.2f GB%n", k, batch, channels, h, w, s.weightBytes() / 1e6,
        Arrays.toString(s.largestWindow()), denseGb);
    System.out.printf(Locale.ROOT, "median ms: sample %.1f, forward %.1f, backward %.1f; output %.1f MB, "
        + "gradient %.1f MB; VmRSS growth over the runs %.0f MB%n", median(sample), median(fwd), median(bwd),
        4.0 * k * channels * 14 * 14 / 1e6, 4.0 * batch * channels * h * w / 1e6, (rss() - rss0) / 1e6);
  }

  /** Boxes of people (height 2–3 × width) from 40 to 700 px tall, mostly inside the image. */
  static INDArray personBoxes(SplittableRandom rng, int batch, int perImage, int imgH, int imgW) {
    float[] r = new float[batch * perImage * 5];
    for (int i = 0; i < batch * perImage; i++) {
      double bh = 40 + rng.nextDouble() * 660;
      double bw = bh / (2 + rng.nextDouble());
      double x1 = rng.nextDouble() * (imgW - bw);
      double y1 = rng.nextDouble() * (imgH - bh);
      r[5 * i] = i / perImage;
      r[5 * i + 1] = (float) x1;
      r[5 * i + 2] = (float) y1;
      r[5 * i + 3] = (float) (x1 + bw);
      r[5 * i + 4] = (float) (y1 + bh);
    }
    return Nd4j.create(r, new long[] {(long) batch * perImage, 5}, 'c');
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }

  private static long rss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
      }
    }
    return -1;
  }
}
