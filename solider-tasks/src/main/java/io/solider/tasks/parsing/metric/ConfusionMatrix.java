package io.solider.tasks.parsing.metric;

import java.util.Arrays;

/**
 * The pixel confusion matrix of the release's {@code get_confusion_matrix} (SCHP
 * {@code utils/miou.py}): rows are ground-truth classes, columns predicted classes, GT pixels 255
 * are dropped first.
 *
 * <p>Its quirk is kept: a pixel is counted in cell {@code gt·n + pred} of the flattened n×n matrix,
 * so a prediction ≥ n (e.g. 25 with n = 20) lands in the next GT row ((gt+1, 5)), and a cell index
 * past n² (any GT label ≥ n other than 255, or GT n−1 with a prediction ≥ n) is not counted at all.
 */
public final class ConfusionMatrix {

  /** Ground-truth label that is not evaluated. */
  public static final int IGNORE = 255;

  private final int classes;
  private final long[] counts;

  /** An empty matrix for {@code classes} classes (1–256). */
  public ConfusionMatrix(int classes) {
    if (classes < 1 || classes > 256) {
      throw new IllegalArgumentException("number of classes must be in 1..256, got " + classes);
    }
    this.classes = classes;
    this.counts = new long[classes * classes];
  }

  /** Number of classes. */
  public int classes() {
    return classes;
  }

  /**
   * Adds the pixels of one image: {@code gt} and {@code pred} are the same length, labels 0–255.
   *
   * @throws IllegalArgumentException if the lengths differ
   */
  public void add(int[] gt, int[] pred) {
    if (gt.length != pred.length) {
      throw new IllegalArgumentException("ground truth has " + gt.length + " pixels, prediction " + pred.length);
    }
    long cells = (long) classes * classes;
    for (int i = 0; i < gt.length; i++) {
      int g = gt[i];
      if (g == IGNORE) {
        continue;
      }
      long index = (long) g * classes + pred[i];
      if (index >= 0 && index < cells) {
        counts[(int) index]++;
      }
    }
  }

  /** Adds every count of {@code other} (same class count). */
  public void addAll(ConfusionMatrix other) {
    if (other.classes != classes) {
      throw new IllegalArgumentException("cannot add a " + other.classes + "-class matrix to a " + classes + "-class one");
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
  }

  /** Pixels with ground truth {@code gt} predicted as {@code pred}. */
  public long count(int gt, int pred) {
    return counts[gt * classes + pred];
  }

  /** A copy of the row-major counts. */
  public long[] counts() {
    return Arrays.copyOf(counts, counts.length);
  }
}
