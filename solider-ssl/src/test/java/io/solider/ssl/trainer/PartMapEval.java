package io.solider.ssl.trainer;

import io.solider.nn.image.ImageNormalization;
import io.solider.nn.image.Images;
import io.solider.ssl.augment.SyntheticPeople;
import io.solider.ssl.cluster.SemanticClustering;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How well the clustering's part maps (teacher, λ = 1, our {@link SemanticClustering}) agree with
 * the generator's true parts, on fixed un-augmented synthetic people (test scope, for the
 * learning demo).
 *
 * <p>A token covers a {@code stride × stride} patch of the input (the last stage's stride, 32).
 * Its true label is the part covering most of the patch's person pixels, or background when person
 * pixels cover less than a quarter of the patch. Measures ({@link Result}):
 * <ul>
 *   <li>{@code kept}: fraction of images the clustering keeps (foreground over half the tokens);
 *   <li>{@code fgIou}: IoU of the predicted foreground (labels 1..P) with the true person tokens,
 *       over kept images;
 *   <li>{@code partIou[k]}: IoU of predicted part k with true part k over all tokens of kept
 *       images (the release's maps label background too);
 *   <li>{@code personIou[k]}: the same restricted to true person tokens (how the person is split
 *       into head, torso, legs, regardless of where the foreground boundary falls);
 *   <li>{@code allIou[k]}: over all images, skipped ones counting as all background (the previous
 *       session's measure).
 * </ul>
 */
final class PartMapEval {

  /** Means are over the P parts. */
  record Result(double kept, double fgIou, double[] partIou, double[] personIou, double[] allIou) {

    static double mean(double[] v) {
      double s = 0;
      for (double x : v) {
        s += x;
      }
      return s / v.length;
    }

    String format() {
      return String.format(Locale.ROOT,
          "kept %.3f fgIoU %.3f | partIoU(kept) %s mean %.3f | personIoU %s mean %.3f | allIoU %s mean %.3f", kept,
          fgIou, fmt(partIou), mean(partIou), fmt(personIou), mean(personIou), fmt(allIou), mean(allIou));
    }

    private static String fmt(double[] v) {
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < v.length; i++) {
        b.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", v[i]));
      }
      return b.append(']').toString();
    }
  }

  private static final int STRIDE = 32;
  private static final int PARTS = 3;

  private final INDArray images;
  private final int[][][] truth;
  private final int th;
  private final int tw;

  PartMapEval(int h, int w, double torsoWidth, int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] data = new float[n * 3 * h * w];
    th = h / STRIDE;
    tw = w / STRIDE;
    truth = new int[n][th][tw];
    for (int i = 0; i < n; i++) {
      SyntheticPeople.Person p = SyntheticPeople.draw(h, w, torsoWidth, rng);
      Images.toChw(p.image(), ImageNormalization.imagenet(), data, i * 3 * h * w);
      for (int y = 0; y < th; y++) {
        for (int x = 0; x < tw; x++) {
          int[] count = new int[PARTS + 1];
          for (int yy = 0; yy < STRIDE; yy++) {
            for (int xx = 0; xx < STRIDE; xx++) {
              count[p.parts()[y * STRIDE + yy][x * STRIDE + xx]]++;
            }
          }
          int person = count[1] + count[2] + count[3];
          int best = 1;
          for (int k = 2; k <= PARTS; k++) {
            if (count[k] > count[best]) {
              best = k;
            }
          }
          truth[i][y][x] = person * 4 >= STRIDE * STRIDE ? best : 0;
        }
      }
    }
    images = Nd4j.create(data, new long[] {n, 3, h, w}, 'c');
  }

  int[][][] truth() {
    return truth;
  }

  /** Predicted maps (null for skipped images). */
  int[][][] predict(TeacherGraph teacher) {
    int n = (int) images.size(0);
    float[] ones = new float[2 * n];
    for (int i = 0; i < n; i++) {
      ones[2 * i] = 1f;
    }
    INDArray sw = Nd4j.create(ones, new long[] {n, 2}, 'c');
    INDArray feats = teacher.forward(images, sw).lastStage();
    SemanticClustering.Masks m = SemanticClustering.of(PARTS).masks(feats, new SplittableRandom(0));
    int[][][] pred = new int[n][][];
    for (int j = 0; j < m.keptCount(); j++) {
      pred[m.kept()[j]] = m.labels()[j];
    }
    return pred;
  }

  Result evaluate(TeacherGraph teacher) {
    return score(predict(teacher));
  }

  Result score(int[][][] pred) {
    int n = truth.length;
    long[] inter = new long[PARTS + 1];
    long[] union = new long[PARTS + 1];
    long[] pInter = new long[PARTS + 1];
    long[] pUnion = new long[PARTS + 1];
    long[] aInter = new long[PARTS + 1];
    long[] aUnion = new long[PARTS + 1];
    long fgInter = 0;
    long fgUnion = 0;
    int kept = 0;
    for (int i = 0; i < n; i++) {
      kept += pred[i] == null ? 0 : 1;
      for (int y = 0; y < th; y++) {
        for (int x = 0; x < tw; x++) {
          int t = truth[i][y][x];
          int p = pred[i] == null ? 0 : pred[i][y][x];
          for (int k = 1; k <= PARTS; k++) {
            boolean a = p == k;
            boolean b = t == k;
            aInter[k] += a && b ? 1 : 0;
            aUnion[k] += a || b ? 1 : 0;
            if (pred[i] != null) {
              inter[k] += a && b ? 1 : 0;
              union[k] += a || b ? 1 : 0;
              if (t != 0) {
                pInter[k] += a && b ? 1 : 0;
                pUnion[k] += a || b ? 1 : 0;
              }
            }
          }
          if (pred[i] != null) {
            fgInter += p != 0 && t != 0 ? 1 : 0;
            fgUnion += p != 0 || t != 0 ? 1 : 0;
          }
        }
      }
    }
    return new Result((double) kept / n, ratio(fgInter, fgUnion), ratios(inter, union), ratios(pInter, pUnion),
        ratios(aInter, aUnion));
  }

  private static double ratio(long a, long b) {
    return b == 0 ? 0 : (double) a / b;
  }

  private static double[] ratios(long[] a, long[] b) {
    double[] r = new double[PARTS];
    for (int k = 1; k <= PARTS; k++) {
      r[k - 1] = ratio(a[k], b[k]);
    }
    return r;
  }

  /** Truth and prediction of image {@code i} side by side, one text row per token row. */
  String render(int[][][] pred, int i) {
    StringBuilder b = new StringBuilder();
    for (int y = 0; y < th; y++) {
      for (int x = 0; x < tw; x++) {
        b.append(truth[i][y][x]);
      }
      b.append("  ");
      for (int x = 0; x < tw; x++) {
        b.append(pred[i] == null ? '-' : (char) ('0' + pred[i][y][x]));
      }
      b.append('\n');
    }
    return b.toString();
  }
}
