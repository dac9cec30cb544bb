package io.solider.ssl.heads;

/**
 * Widths of a {@link DinoHead}.
 *
 * @param hiddenDim width of the hidden MLP layers (2048)
 * @param bottleneckDim width before the L2 normalisation (256)
 * @param layers number of Linear layers in the MLP (3)
 * @param outDim K, outputs of the weight-normalised last layer (65536 for DINO, P + 1 for parts)
 */
public record HeadConfig(int hiddenDim, int bottleneckDim, int layers, int outDim) {

  public HeadConfig {
    if (hiddenDim <= 0 || bottleneckDim <= 0 || layers < 1 || outDim <= 0) {
      throw new IllegalArgumentException("head widths must be positive and layers >= 1, got " + hiddenDim + ", "
          + bottleneckDim + ", " + layers + ", " + outDim);
    }
  }

  /** The release's DINO head: 2048, 256, 3 layers, K = 65536. */
  public static HeadConfig dino() {
    return new HeadConfig(2048, 256, 3, 65536);
  }

  /** The release's part classifier: the same MLP with P + 1 outputs (background and P parts). */
  public static HeadConfig partClassifier(int parts) {
    return new HeadConfig(2048, 256, 3, parts + 1);
  }

  public HeadConfig withOutDim(int k) {
    return new HeadConfig(hiddenDim, bottleneckDim, layers, k);
  }

  public HeadConfig withWidths(int hidden, int bottleneck) {
    return new HeadConfig(hidden, bottleneck, layers, outDim);
  }
}
