package io.solider.tasks.search.head;

import io.solider.tasks.common.BoxCoder;
import io.solider.tasks.common.Nms;
import io.solider.tasks.common.TorchvisionBoxes;

/**
 * torchvision 0.8.2's {@code RegionProposalNetwork.filter_proposals} for one image and one
 * feature level: the {@code preNmsTopN} anchors of highest objectness (ties: lower index first),
 * decoded with the (1, 1, 1, 1) coder, clipped to the resized image, boxes narrower or lower than
 * {@code minSize} dropped, NMS at {@code nmsThresh}, the first {@code postNmsTopN} kept. Scores
 * are the raw logits: 0.8.2 neither applies a sigmoid nor a score threshold here (both came in
 * 0.9; the ranking is the same unless the sigmoid saturates to ties).
 *
 * @param preNmsTopN SeqNet: 12000 training, 6000 testing
 * @param postNmsTopN SeqNet: 2000 training, 300 testing
 * @param nmsThresh 0.7
 * @param minSize 1e-3
 */
public record ProposalFilter(int preNmsTopN, int postNmsTopN, double nmsThresh, double minSize) {

  /** SeqNet's training setting. */
  public static ProposalFilter training() {
    return new ProposalFilter(12000, 2000, 0.7, 1e-3);
  }

  /** SeqNet's test setting. */
  public static ProposalFilter testing() {
    return new ProposalFilter(6000, 300, 0.7, 1e-3);
  }

  /**
   * The proposals of one image.
   *
   * @param boxes n × 4 in the resized image
   * @param scores their objectness logits
   */
  public record Proposals(float[] boxes, float[] scores) {}

  /**
   * @param objectness one logit per anchor (order: cell row, cell column, anchor)
   * @param deltas 4 per anchor
   * @param anchors 4 per anchor
   * @param imageH resized image height (before padding)
   * @param imageW resized image width
   */
  public Proposals filter(float[] objectness, float[] deltas, float[] anchors, int imageH, int imageW) {
    int n = objectness.length;
    if (deltas.length != 4 * n || anchors.length != 4 * n) {
      throw new IllegalArgumentException(n + " logits, " + deltas.length / 4 + " deltas, " + anchors.length / 4 + " anchors");
    }
    int[] top = Nms.byDescendingScore(objectness);
    top = java.util.Arrays.copyOf(top, Math.min(preNmsTopN, n));
    float[] boxes = BoxCoder.rpn().decode(TorchvisionBoxes.select(deltas, top), TorchvisionBoxes.select(anchors, top));
    float[] scores = TorchvisionBoxes.select1(objectness, top);
    TorchvisionBoxes.clip(boxes, imageH, imageW);
    int[] keep = TorchvisionBoxes.keepLarger(boxes, minSize);
    boxes = TorchvisionBoxes.select(boxes, keep);
    scores = TorchvisionBoxes.select1(scores, keep);
    keep = TorchvisionBoxes.batchedNms(boxes, scores, new int[scores.length], nmsThresh);
    keep = java.util.Arrays.copyOf(keep, Math.min(postNmsTopN, keep.length));
    return new Proposals(TorchvisionBoxes.select(boxes, keep), TorchvisionBoxes.select1(scores, keep));
  }
}
