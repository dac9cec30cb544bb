package io.solider.tasks.search.head;

import io.solider.tasks.common.BoxCoder;
import io.solider.tasks.common.TorchvisionBoxes;
import java.util.Arrays;

/**
 * SeqNet's two-stage inference post-processing for one image (batch 1, as the release tests):
 * <ol>
 *   <li>{@link #firstStage}: torchvision 0.8.2 {@code RoIHeads.postprocess_detections} on the
 *       Faster R-CNN head: softmax over (background, person), class-1 boxes decoded with the
 *       (10, 10, 5, 5) coder and clipped, score &gt; 0.5, width and height ≥ 0.01, class-wise NMS
 *       at 0.4 (with torchvision's coordinate offset for class 1), first 300;</li>
 *   <li>{@link #secondStage}: SeqNet's {@code postprocess_boxes} on the re-id head's box
 *       regression: the first-stage score is kept as the score (First Classification Score), the
 *       embeddings are multiplied by it (Confidence-Weighted Similarity), then the same filters
 *       with NMS at 0.5.</li>
 * </ol>
 *
 * @param scoreThresh 0.5
 * @param firstNms 0.4
 * @param secondNms 0.5
 * @param detectionsPerImage 300
 * @param minSize 0.01
 */
public record SearchPostProcess(double scoreThresh, double firstNms, double secondNms, int detectionsPerImage,
    double minSize) {

  /** SeqNet's test setting. */
  public static SearchPostProcess seqNet() {
    return new SearchPostProcess(0.5, 0.4, 0.5, 300, 1e-2);
  }

  /**
   * Detections of one image.
   *
   * @param boxes n × 4 in the resized image
   * @param scores n person scores
   * @param embeddings n × dim (empty after the first stage)
   */
  public record Detections(float[] boxes, float[] scores, float[] embeddings) {

    public int count() {
      return scores.length;
    }
  }

  /**
   * @param classLogits n × 2 (background, person)
   * @param boxRegression n × 8 (deltas per class)
   * @param proposals n × 4
   */
  public Detections firstStage(float[] classLogits, float[] boxRegression, float[] proposals, int imageH, int imageW) {
    int n = TorchvisionBoxes.count(proposals);
    if (classLogits.length != 2 * n || boxRegression.length != 8 * n) {
      throw new IllegalArgumentException(n + " proposals, " + classLogits.length + " logits, " + boxRegression.length
          + " deltas");
    }
    float[] scores = new float[n];
    for (int i = 0; i < n; i++) {
      double a = classLogits[2 * i];
      double b = classLogits[2 * i + 1];
      double m = Math.max(a, b);
      double ea = Math.exp(a - m);
      double eb = Math.exp(b - m);
      scores[i] = (float) (eb / (ea + eb));
    }
    return filter(personBoxes(boxRegression, proposals, imageH, imageW), scores, null, 0, firstNms);
  }

  /**
   * @param boxRegression m × 8 from the re-id head's regressor
   * @param embeddings m × dim, L2-normalised
   * @param boxes the first stage's m boxes
   * @param firstScores their first-stage scores
   * @param confidenceWeighted multiply embeddings by the scores (gallery: yes)
   */
  public Detections secondStage(float[] boxRegression, float[] embeddings, int dim, float[] boxes, float[] firstScores,
      boolean confidenceWeighted, int imageH, int imageW) {
    int m = TorchvisionBoxes.count(boxes);
    if (boxRegression.length != 8 * m || embeddings.length != m * dim || firstScores.length != m) {
      throw new IllegalArgumentException(m + " boxes, " + boxRegression.length + " deltas, " + embeddings.length
          + " embedding values, " + firstScores.length + " scores");
    }
    float[] emb = embeddings.clone();
    if (confidenceWeighted) {
      NormAwareEmbedding.weightByScore(emb, firstScores, dim);
    }
    return filter(personBoxes(boxRegression, boxes, imageH, imageW), firstScores.clone(), emb, dim, secondNms);
  }

  /**
   * The person-class boxes of n × 8 RoI-head deltas on n boxes: decoded with the (10, 10, 5, 5)
   * coder, clipped to the image, class 1 kept (SeqNet's {@code get_boxes}, and the first steps of
   * both post-processings).
   */
  public static float[] personBoxes(float[] boxRegression, float[] boxes, int imageH, int imageW) {
    float[] decoded = BoxCoder.roiHeads().decode(boxRegression, boxes);
    TorchvisionBoxes.clip(decoded, imageH, imageW);
    int n = decoded.length / 8;
    float[] out = new float[4 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(decoded, 8 * i + 4, out, 4 * i, 4);
    }
    return out;
  }

  private Detections filter(float[] boxes, float[] scores, float[] emb, int dim, double nms) {
    float thresh = (float) scoreThresh;
    int[] idx = new int[scores.length];
    int k = 0;
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] > thresh) {
        idx[k++] = i;
      }
    }
    idx = Arrays.copyOf(idx, k);
    int[] large = TorchvisionBoxes.keepLarger(TorchvisionBoxes.select(boxes, idx), minSize);
    idx = pick(idx, large);
    float[] b = TorchvisionBoxes.select(boxes, idx);
    float[] s = TorchvisionBoxes.select1(scores, idx);
    int[] ones = new int[idx.length];
    Arrays.fill(ones, 1);
    int[] keep = TorchvisionBoxes.batchedNms(b, s, ones, nms);
    keep = Arrays.copyOf(keep, Math.min(detectionsPerImage, keep.length));
    idx = pick(idx, keep);
    float[] e = new float[idx.length * dim];
    for (int i = 0; i < idx.length && emb != null; i++) {
      System.arraycopy(emb, idx[i] * dim, e, i * dim, dim);
    }
    return new Detections(TorchvisionBoxes.select(boxes, idx), TorchvisionBoxes.select1(scores, idx), e);
  }

  private static int[] pick(int[] idx, int[] sub) {
    int[] out = new int[sub.length];
    for (int i = 0; i < sub.length; i++) {
      out[i] = idx[sub[i]];
    }
    return out;
  }
}
