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

  /** The grid after a 2×2 patch merging (odd sides padded first). */
  public Grid merged() {
    return new Grid((h + 1) / 2, (w + 1) / 2);
  }

  @Override
  public String toString() {
    return h + "x" + w;
  }
}
