package io.solider.tasks.detection.loss;

/**
 * The targets of one image at the head's stride, float32 as the release stores them; each map is
 * {@code 3 × height × width}, row-major.
 *
 * @param height map rows ({@code int(image height / stride)})
 * @param width map columns
 * @param center channel 0 the Gaussian weights, 1 the mask (0 in ignore regions outside people),
 *     2 the centre cells (1 at each person's centre)
 * @param scale channel 0 log height, 1 log width (in cells) in a 5×5 window around each centre,
 *     2 the window mask
 * @param offset channel 0 dy, 1 dx of the true centre from the centre cell's middle, 2 the centre mask
 */
public record CspTargets(int height, int width, float[] center, float[] scale, float[] offset) {

  public CspTargets {
    int n = 3 * height * width;
    if (center.length != n || scale.length != n || offset.length != n) {
      throw new IllegalArgumentException("each map needs 3×" + height + "×" + width + " values");
    }
  }

  /** The people (centre cells) in these targets. */
  public int people() {
    int c = 0;
    int plane = height * width;
    for (int i = 0; i < plane; i++) {
      c += center[2 * plane + i] != 0 ? 1 : 0;
    }
    return c;
  }

  /** Concatenates per-image maps into a batch {@code N × 3 × H × W} of one kind. */
  public static float[] stack(java.util.List<CspTargets> batch, java.util.function.Function<CspTargets, float[]> map) {
    if (batch.isEmpty()) {
      return new float[0];
    }
    int per = map.apply(batch.get(0)).length;
    float[] out = new float[batch.size() * per];
    for (int i = 0; i < batch.size(); i++) {
      float[] m = map.apply(batch.get(i));
      if (m.length != per) {
        throw new IllegalArgumentException("targets of different sizes in one batch");
      }
      System.arraycopy(m, 0, out, i * per, per);
    }
    return out;
  }
}
