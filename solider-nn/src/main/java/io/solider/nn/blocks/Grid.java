package io.solider.nn.blocks;

/** Height and width of a token map. */
public record Grid(int h, int w) {

  public Grid {
    if (h <= 0 || w <= 0) {
      throw new IllegalArgumentException("token grid must be positive, got " + h + "x" + w);
    }
  }

  /** Number of tokens. */
  public int tokens() {
    return h * w;
  }

  /** The grid after a 2×2 patch merging with stride 2 (odd sides padded first). */
  public Grid merged() {
    return merged(2);
  }

  /** The grid after a 2×2 patch merging with {@code stride} 2 (halved, rounded up) or 1 (unchanged). */
  public Grid merged(int stride) {
    return new Grid((h + stride - 1) / stride, (w + stride - 1) / stride);
  }

  @Override
  public String toString() {
    return h + "x" + w;
  }
}
