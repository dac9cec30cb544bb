package io.solider.tasks.parsing.loss;

import io.solider.tasks.parsing.head.ScoreMaps;
import java.util.Arrays;

/**
 * Lovász-softmax (Berman et al. 2018) as the release calls it: on softmax probabilities, over the
 * whole batch as one set of pixels (per_image=False), averaged over the classes present in the
 * labels (classes='present'), pixels labelled 255 left out.
 *
 * <p>For class c with errors e_i = |fg_i − p_ic| sorted in decreasing order, the loss is
 * Σ_k e_(k)·g_k with g the differences of the Jaccard loss of the sorted ground truth
 * ({@code lovasz_grad}). The extension is piecewise linear in the sorted errors, so given the sort
 * the gradient ∂/∂p_ic = −g_rank(i)·sign(fg_i − p_ic) is exact; it then goes through the softmax.
 * Ties among equal errors may be ordered differently from {@code torch.sort}, which changes the
 * gradient split between the tied pixels but not the value.
 *
 * <p>A batch where every pixel is 255 gives 0 and a zero gradient (the release returns an empty
 * tensor there and its backward fails).
 */
public final class LovaszSoftmax {

  private LovaszSoftmax() {}

  /**
   * The loss of {@code logits} (before softmax) against {@code labels} (N·H·W, classes or 255).
   *
   * @throws IllegalArgumentException if the labels do not match the maps
   */
  public static LossTerm compute(ScoreMaps logits, int[] labels) {
    PixelCrossEntropy.checkLabels(logits, labels);
    int cls = logits.channels();
    int plane = logits.plane();
    int[] valid = validPixels(labels);
    int count = valid.length;
    ScoreMaps grad = logits.zerosLike();
    if (count == 0) {
      return new LossTerm(0, grad);
    }
    ScoreMaps prob = PixelSoftmax.probabilities(logits);
    float[] p = prob.data();
    int[] present = new int[cls];
    for (int j : valid) {
      present[labels[j]]++;
    }
    int classes = 0;
    for (int c = 0; c < cls; c++) {
      classes += present[c] > 0 ? 1 : 0;
    }
    // ∂(Σ_c loss_c)/∂p first, then turned into ∂loss/∂z in place (no second map-sized buffer).
    float[] out = grad.data();
    long[] keys = new long[count];
    double loss = 0;
    for (int c = 0; c < cls; c++) {
      if (present[c] == 0) {
        continue;
      }
      for (int j = 0; j < count; j++) {
        int pix = valid[j];
        float pc = p[offset(pix, c, cls, plane)];
        float err = Math.abs((labels[pix] == c ? 1f : 0f) - pc);
        keys[j] = ((long) Float.floatToIntBits(err) << 32) | j;
      }
      Arrays.sort(keys);
      double gts = present[c];
      double cumFg = 0;
      double cumBg = 0;
      double prevJaccard = 0;
      double lossC = 0;
      for (int k = 0; k < count; k++) {
        long key = keys[count - 1 - k]; // decreasing error
        int j = (int) key;
        float err = Float.intBitsToFloat((int) (key >>> 32));
        boolean fg = labels[valid[j]] == c;
        if (fg) {
          cumFg++;
        } else {
          cumBg++;
        }
        double jaccard = 1 - (gts - cumFg) / (gts + cumBg);
        double g = jaccard - prevJaccard;
        prevJaccard = jaccard;
        lossC += err * g;
        if (err != 0) {
          out[offset(valid[j], c, cls, plane)] = (float) (fg ? -g : g);
        }
      }
      loss += lossC;
    }
    double inv = 1.0 / classes;
    for (int pix : valid) {
      double s = 0;
      for (int c = 0; c < cls; c++) {
        int o = offset(pix, c, cls, plane);
        s += p[o] * out[o];
      }
      for (int c = 0; c < cls; c++) {
        int o = offset(pix, c, cls, plane);
        out[o] = (float) (p[o] * (out[o] - s) * inv);
      }
    }
    return new LossTerm(loss / classes, grad);
  }

  /** Index in (N, C, H, W) of pixel {@code pix} (= n·H·W + i) and channel {@code c}. */
  static int offset(int pix, int c, int channels, int plane) {
    int n = pix / plane;
    return (n * channels + c) * plane + pix % plane;
  }

  private static int[] validPixels(int[] labels) {
    int n = 0;
    for (int y : labels) {
      n += y == PixelCrossEntropy.IGNORE ? 0 : 1;
    }
    int[] out = new int[n];
    int k = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != PixelCrossEntropy.IGNORE) {
        out[k++] = i;
      }
    }
    return out;
  }
}
