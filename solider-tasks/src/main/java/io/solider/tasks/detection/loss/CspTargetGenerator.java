package io.solider.tasks.detection.loss;

/**
 * The release's {@code CocoCSPORIDataset.calc_gt_center} (with {@code with_width=True}) for one
 * image, its Python slicing included. Boxes are corners {@code x1, y1, x2, y2} in pixels, in the
 * release's convention ({@code x2 = x + w − 1}), after augmentation.
 *
 * <ul>
 *   <li>Ignore boxes ÷ stride zero the mask over rows {@code int(y1)..ceil(y2)−1} and columns
 *       {@code int(x1)..ceil(x2)−1}.
 *   <li>Each person ÷ stride covers cells {@code ceil(x1)..int(x2)−1} × {@code ceil(y1)..int(y2)−1};
 *       there the Gaussian is the outer product of 1-D kernels of length k (the covered extent) with
 *       σ = ((k−1)·0.5−1)·0.3+0.8 centred on index ⌊k/2⌋, maxed with what is there, and the mask is 1.
 *   <li>Centre cell {@code (int((y1+y2)/2), int((x1+x2)/2))}: centre 1, offsets
 *       {@code (y1+y2)/2 − cy − 0.5} and {@code (x1+x2)/2 − cx − 0.5}, later people overwriting.
 *   <li>Scale: log height and log width (cells) over rows {@code cy−r..cy+r} and columns
 *       {@code cx−r..cx+r}, r = int(radius / stride), as Python slices: a window starting
 *       above or left of the map wraps to an empty slice, so people centred in the first r rows or
 *       columns get no scale target.
 * </ul>
 */
public final class CspTargetGenerator {

  private final int stride;
  private final int radius;

  /**
   * @param stride map stride in pixels (the release: 4)
   * @param radiusPixels scale window radius in pixels (the release: 8, i.e. 2 cells at stride 4)
   */
  public CspTargetGenerator(int stride, int radiusPixels) {
    if (stride < 1 || radiusPixels < 0) {
      throw new IllegalArgumentException("stride must be ≥ 1 and radius ≥ 0");
    }
    this.stride = stride;
    this.radius = radiusPixels / stride;
  }

  /** The release's: stride 4, radius 8 pixels. */
  public static CspTargetGenerator release() {
    return new CspTargetGenerator(4, 8);
  }

  /**
   * Targets for an image of {@code imageHeight × imageWidth} (a multiple of the stride).
   *
   * @param people {@code n × 4} person corners
   * @param ignores {@code m × 4} ignore-region corners
   */
  public CspTargets generate(double[] people, double[] ignores, int imageHeight, int imageWidth) {
    if (imageHeight % stride != 0 || imageWidth % stride != 0) {
      throw new IllegalArgumentException("image size " + imageHeight + "×" + imageWidth
          + " is not a multiple of the stride " + stride);
    }
    if (people.length % 4 != 0 || ignores.length % 4 != 0) {
      throw new IllegalArgumentException("boxes need 4 values each");
    }
    int h = imageHeight / stride;
    int w = imageWidth / stride;
    int plane = h * w;
    float[] center = new float[3 * plane];
    float[] scale = new float[3 * plane];
    float[] offset = new float[3 * plane];
    java.util.Arrays.fill(center, plane, 2 * plane, 1f);
    for (int i = 0; i < ignores.length; i += 4) {
      int x1 = (int) (ignores[i] / stride);
      int y1 = (int) (ignores[i + 1] / stride);
      int x2 = (int) Math.ceil(ignores[i + 2] / stride);
      int y2 = (int) Math.ceil(ignores[i + 3] / stride);
      fill(center, plane, w, slice(y1, y2, h), slice(x1, x2, w), 0f);
    }
    for (int i = 0; i < people.length; i += 4) {
      double extent = people[i + 3] - people[i + 1];
      if (!(extent >= -1 && extent <= 1e8)) {
        continue; // the release's regress range (-1, INF) on the pixel height
      }
      double gx1 = people[i] / stride;
      double gy1 = people[i + 1] / stride;
      double gx2 = people[i + 2] / stride;
      double gy2 = people[i + 3] / stride;
      int x1 = (int) Math.ceil(gx1);
      int y1 = (int) Math.ceil(gy1);
      int x2 = (int) gx2;
      int y2 = (int) gy2;
      int cx = (int) ((gx1 + gx2) / 2);
      int cy = (int) ((gy1 + gy2) / 2);
      double[] kx = gaussian(x2 - x1);
      double[] ky = gaussian(y2 - y1);
      if (x2 > x1 && y2 > y1 && (x1 < 0 || y1 < 0 || x2 > w || y2 > h)) {
        throw new IllegalArgumentException("person box " + i / 4 + " reaches outside the " + imageHeight + "×"
            + imageWidth + " image");
      }
      // An empty extent (a person narrower than a cell) writes no Gaussian and no mask, only the centre.
      for (int y = y1; y < y2; y++) {
        for (int x = x1; x < x2; x++) {
          int k = y * w + x;
          center[k] = (float) Math.max(center[k], ky[y - y1] * kx[x - x1]);
          center[plane + k] = 1f;
        }
      }
      checkCell(cy, cx, h, w);
      center[2 * plane + cy * w + cx] = 1f;
      int[] wr = slice(cy - radius, cy + radius + 1, h);
      int[] wc = slice(cx - radius, cx + radius + 1, w);
      fill(scale, 0, w, wr, wc, (float) Math.log(gy2 - gy1));
      fill(scale, plane, w, wr, wc, (float) Math.log(gx2 - gx1));
      fill(scale, 2 * plane, w, wr, wc, 1f);
      offset[cy * w + cx] = (float) ((gy1 + gy2) / 2 - cy - 0.5);
      offset[plane + cy * w + cx] = (float) ((gx1 + gx2) / 2 - cx - 0.5);
      offset[2 * plane + cy * w + cx] = 1f;
    }
    return new CspTargets(h, w, center, scale, offset);
  }

  /** The release's 1-D kernel of length k (empty for k ≤ 0). */
  static double[] gaussian(int k) {
    if (k <= 0) {
      return new double[0];
    }
    double sigma = ((k - 1) * 0.5 - 1) * 0.3 + 0.8;
    double s = 2 * (sigma * sigma);
    double[] out = new double[k];
    int mid = k / 2;
    for (int i = 0; i < k; i++) {
      out[i] = Math.exp(-((double) (i - mid) * (i - mid)) / s);
    }
    return out;
  }

  /** Python's {@code a[start:stop]} bounds on a length-n axis (negative indices count from the end). */
  static int[] slice(int start, int stop, int n) {
    int a = start < 0 ? Math.max(0, start + n) : Math.min(start, n);
    int b = stop < 0 ? Math.max(0, stop + n) : Math.min(stop, n);
    return new int[] {a, Math.max(a, b)};
  }

  private static void fill(float[] map, int base, int w, int[] rows, int[] cols, float v) {
    for (int y = rows[0]; y < rows[1]; y++) {
      for (int x = cols[0]; x < cols[1]; x++) {
        map[base + y * w + x] = v;
      }
    }
  }

  private static void checkCell(int cy, int cx, int h, int w) {
    if (cy < 0 || cy >= h || cx < 0 || cx >= w) {
      throw new IllegalArgumentException("person centre cell (" + cy + ", " + cx + ") outside the "
          + h + "×" + w + " map; boxes must lie inside the image");
    }
  }
}
