package io.solider.nn.ops;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Window partition and its inverse as graph functions (timm's {@code window_partition} /
 * {@code window_reverse}, the release's {@code ShiftWindowMSA.window_partition}). A map whose
 * sides are whole windows is cut into {@code w × w} windows; windows are ordered row-major over
 * the window grid, tokens row-major inside each window. Pure reshapes and one permute, so both
 * are exact and {@link #reverseWindows} undoes {@link #partitionWindows} bit for bit.
 */
public final class Windows {

  private Windows() {}

  /**
   * {@code x (B, Hp, Wp, C) → windows (B·nW, w², C)} with {@code nW = (Hp/w)·(Wp/w)}: row
   * {@code b·nW + wy·(Wp/w) + wx} holds window (wy, wx) of image b, token {@code i·w + j} of it is
   * pixel {@code (wy·w + i, wx·w + j)}.
   *
   * @param paddedH Hp, a multiple of {@code window}
   * @param paddedW Wp, a multiple of {@code window}
   */
  public static SDVariable partitionWindows(SDVariable x, int paddedH, int paddedW, int window, int channels) {
    checkWhole(paddedH, paddedW, window);
    return x.reshape(-1, paddedH / window, window, paddedW / window, window, channels)
        .permute(0, 1, 3, 2, 4, 5)
        .reshape(-1, (long) window * window, channels);
  }

  /** The inverse of {@link #partitionWindows}: {@code windows (B·nW, w², C) → (B, Hp, Wp, C)}. */
  public static SDVariable reverseWindows(SDVariable windows, int paddedH, int paddedW, int window, int channels) {
    checkWhole(paddedH, paddedW, window);
    return windows.reshape(-1, paddedH / window, paddedW / window, window, window, channels)
        .permute(0, 1, 3, 2, 4, 5)
        .reshape(-1, paddedH, paddedW, channels);
  }

  private static void checkWhole(int h, int w, int window) {
    if (h % window != 0 || w % window != 0) {
      throw new IllegalArgumentException("map " + h + "x" + w + " is not a whole number of " + window + "x"
          + window + " windows (pad it first)");
    }
  }
}
