package io.solider.tasks.search.head;

import io.solider.tasks.common.BoxCoder;
import io.solider.tasks.common.BoxOverlap;
import io.solider.tasks.common.TorchvisionBoxes;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code RoIHeads.select_training_samples} as SeqNet uses it, for one image: the
 * ground-truth boxes are appended to the proposals, each proposal takes the label (the person id)
 * of the ground truth it overlaps most if IoU ≥ 0.5 and 0 (background) otherwise, 128 are drawn
 * with at most half positives (every id ≥ 1 is positive, the unlabelled 5555 included), and
 * regression targets are the (10, 10, 5, 5) deltas to the matched box (background rows to ground
 * truth 0). SeqNet runs it twice per step: on the RPN proposals and on the first stage's
 * detached, clipped class-1 boxes.
 *
 * @param matcher {@link Matcher#roiHeads()}
 * @param sampler 128 per image, half positive
 * @param coder {@link BoxCoder#roiHeads()}
 */
public record RoiSampler(Matcher matcher, BalancedSampler sampler, BoxCoder coder) {

  /** SeqNet's setting. */
  public static RoiSampler seqNet() {
    return new RoiSampler(Matcher.roiHeads(), new BalancedSampler(128, 0.5), BoxCoder.roiHeads());
  }

  /**
   * The drawn RoIs of one image, in ascending index order of proposals-then-ground-truth.
   *
   * @param boxes n × 4
   * @param labels person id (≥ 1) or 0
   * @param matched index of the matched ground truth (0 for background)
   * @param regressionTargets n × 4
   */
  public record Sample(float[] boxes, int[] labels, int[] matched, float[] regressionTargets) {}

  /**
   * @param proposals n × 4
   * @param gtBoxes g × 4
   * @param gtLabels g person ids
   */
  public Sample select(float[] proposals, float[] gtBoxes, int[] gtLabels, RandomGenerator rng) {
    int g = TorchvisionBoxes.count(gtBoxes);
    if (gtLabels.length != g) {
      throw new IllegalArgumentException(gtLabels.length + " labels for " + g + " boxes");
    }
    float[] all = new float[proposals.length + gtBoxes.length];
    System.arraycopy(proposals, 0, all, 0, proposals.length);
    System.arraycopy(gtBoxes, 0, all, proposals.length, gtBoxes.length);
    int n = all.length / 4;
    int[] matched = new int[n];
    int[] labels = new int[n];
    if (g > 0) {
      int[] m = matcher.match(BoxOverlap.CONTINUOUS.iouMatrix(gtBoxes, all), g, n);
      for (int i = 0; i < n; i++) {
        matched[i] = Math.max(m[i], 0);
        labels[i] = m[i] == Matcher.BELOW_LOW ? 0 : m[i] == Matcher.BETWEEN ? -1 : gtLabels[m[i]];
      }
    }
    int[] idx = sampler.sample(labels, rng).all();
    float[] boxes = TorchvisionBoxes.select(all, idx);
    int[] l = new int[idx.length];
    int[] mi = new int[idx.length];
    float[] targetBoxes = new float[4 * idx.length];
    float[] gts = g > 0 ? gtBoxes : new float[4];
    for (int k = 0; k < idx.length; k++) {
      l[k] = labels[idx[k]];
      mi[k] = matched[idx[k]];
      System.arraycopy(gts, 4 * mi[k], targetBoxes, 4 * k, 4);
    }
    return new Sample(boxes, l, mi, coder.encode(targetBoxes, boxes));
  }
}
