package io.solider.tasks.search.head;

import io.solider.tasks.common.BoxCoder;
import io.solider.tasks.common.BoxOverlap;
import io.solider.tasks.common.TorchvisionBoxes;

/**
 * The RPN's training targets for one image, as torchvision's
 * {@code RegionProposalNetwork.assign_targets_to_anchors} and {@code compute_loss} (0.8.2): every
 * anchor (including those crossing the image border) is matched to the ground truth with
 * {@link Matcher#rpn()} (IoU ≥ 0.7 foreground, &lt; 0.3 background, between ignored, plus
 * low-quality matches), regression targets are the (1, 1, 1, 1) deltas to the matched box, and
 * 256 anchors are drawn with half positives at most.
 */
public final class RpnTargets {

  private RpnTargets() {}

  /**
   * @param labels per anchor 1 (foreground), 0 (background) or −1 (ignored)
   * @param regressionTargets per anchor the deltas to its matched box (image without people:
   *     to an all-zero box, unused)
   */
  public record Targets(int[] labels, float[] regressionTargets) {}

  /** Labels and regression targets of all anchors. */
  public static Targets assign(float[] anchors, float[] gtBoxes, Matcher matcher, BoxCoder coder) {
    int a = TorchvisionBoxes.count(anchors);
    int g = TorchvisionBoxes.count(gtBoxes);
    int[] labels = new int[a];
    float[] matched = new float[4 * a];
    if (g > 0) {
      int[] m = matcher.match(BoxOverlap.CONTINUOUS.iouMatrix(gtBoxes, anchors), g, a);
      for (int i = 0; i < a; i++) {
        labels[i] = m[i] >= 0 ? 1 : m[i] == Matcher.BETWEEN ? -1 : 0;
        System.arraycopy(gtBoxes, 4 * Math.max(m[i], 0), matched, 4 * i, 4);
      }
    }
    return new Targets(labels, coder.encode(matched, anchors));
  }
}
