package io.solider.tasks.parsing.data;

/**
 * Edge labels for the edge branch, as the release's {@code generate_edge_tensor}: a pixel is an
 * edge when its label differs from a neighbour's and neither label is 255, checking the neighbour
 * above (marking the lower pixel), to the right (marking the left pixel), below-right (marking the
 * upper-left pixel) and below-left (marking the upper-right pixel); the map is then dilated by a
 * 3×3 window (a ones convolution with zero padding, any non-zero → 1).
 */
public final class EdgeTargets {

  /** Label that never makes an edge. */
  public static final int IGNORE = 255;

  private EdgeTargets() {}

  /**
   * Edge maps (0/1) of {@code batch} label maps of {@code height × width}, row-major, one after the
   * other.
   */
  public static int[] generate(int[] labels, int batch, int height, int width) {
    int plane = height * width;
    if ((long) batch * plane != labels.length) {
      throw new IllegalArgumentException(batch + " maps of " + height + "×" + width + " need " + (long) batch * plane
          + " labels, got " + labels.length);
    }
    int[] out = new int[labels.length];
    boolean[] edge = new boolean[plane];
    for (int n = 0; n < batch; n++) {
      int o = n * plane;
      java.util.Arrays.fill(edge, false);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int v = labels[o + y * width + x];
          if (v == IGNORE) {
            continue;
          }
          // This pixel against the neighbours whose comparisons mark it.
          if (y > 0 && differs(v, labels[o + (y - 1) * width + x])) {
            edge[y * width + x] = true;
          } else if (x + 1 < width && differs(v, labels[o + y * width + x + 1])) {
            edge[y * width + x] = true;
          } else if (y + 1 < height && x + 1 < width && differs(v, labels[o + (y + 1) * width + x + 1])) {
            edge[y * width + x] = true;
          } else if (y + 1 < height && x > 0 && differs(v, labels[o + (y + 1) * width + x - 1])) {
            edge[y * width + x] = true;
          }
        }
      }
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          out[o + y * width + x] = dilated(edge, y, x, height, width) ? 1 : 0;
        }
      }
    }
    return out;
  }

  private static boolean differs(int v, int neighbour) {
    return neighbour != IGNORE && neighbour != v;
  }

  private static boolean dilated(boolean[] edge, int y, int x, int height, int width) {
    for (int dy = -1; dy <= 1; dy++) {
      int yy = y + dy;
      if (yy < 0 || yy >= height) {
        continue;
      }
      for (int dx = -1; dx <= 1; dx++) {
        int xx = x + dx;
        if (xx >= 0 && xx < width && edge[yy * width + xx]) {
          return true;
        }
      }
    }
    return false;
  }
}
