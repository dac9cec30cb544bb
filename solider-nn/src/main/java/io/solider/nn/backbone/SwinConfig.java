package io.solider.nn.backbone;

import java.util.List;

/**
 * Architecture of a SOLIDER Swin Transformer backbone.
 *
 * <p>Stage {@code i} works at {@code embedDim · 2^i} channels; {@code depths} and {@code numHeads}
 * give one entry per stage. Rates only matter in training mode: drop path grows linearly over the
 * blocks from 0 to {@code dropPathRate}, as in the release.
 *
 * @param embedDim channels C of stage 0
 * @param depths blocks per stage
 * @param numHeads attention heads per stage
 * @param windowSize attention window side (7 in every released model)
 * @param patchSize patch-embedding stride and kernel (4)
 * @param mlpRatio hidden width of the block MLP relative to C (4)
 * @param inChannels image channels (3)
 * @param dropRate dropout after patch embedding, on attention projections and in MLPs
 * @param attnDropRate dropout on attention probabilities
 * @param dropPathRate stochastic-depth rate of the last block
 * @param layerNormEps epsilon of every LayerNorm (1e-5, PyTorch's default)
 */
public record SwinConfig(
    int embedDim,
    List<Integer> depths,
    List<Integer> numHeads,
    int windowSize,
    int patchSize,
    int mlpRatio,
    int inChannels,
    double dropRate,
    double attnDropRate,
    double dropPathRate,
    double layerNormEps) {

  /** Number of stages of every SOLIDER backbone. */
  public static final int NUM_STAGES = 4;

  /** Drop-path rate of the named variants: the SOLIDER release trains with 0.1. */
  public static final double DEFAULT_DROP_PATH = 0.1;

  public SwinConfig {
    depths = List.copyOf(depths);
    numHeads = List.copyOf(numHeads);
    require(embedDim > 0, "embedDim must be positive, got " + embedDim);
    require(depths.size() == NUM_STAGES, "depths needs 4 entries, got " + depths);
    require(numHeads.size() == NUM_STAGES, "numHeads needs 4 entries, got " + numHeads);
    for (int i = 0; i < NUM_STAGES; i++) {
      int channels = embedDim << i;
      int heads = numHeads.get(i);
      require(depths.get(i) > 0, "every stage needs at least one block, got depths " + depths);
      require(heads > 0 && channels % heads == 0,
          "stage " + i + ": " + channels + " channels do not split into " + heads + " heads");
    }
    require(windowSize > 0, "windowSize must be positive, got " + windowSize);
    require(patchSize > 0, "patchSize must be positive, got " + patchSize);
    require(mlpRatio > 0, "mlpRatio must be positive, got " + mlpRatio);
    require(inChannels > 0, "inChannels must be positive, got " + inChannels);
    requireRate(dropRate, "dropRate");
    requireRate(attnDropRate, "attnDropRate");
    requireRate(dropPathRate, "dropPathRate");
    require(layerNormEps > 0, "layerNormEps must be positive");
  }

  /** Swin-T: C 96, depths 2-2-6-2, heads 3-6-12-24; drop path 0.1 in training (the release's default). */
  public static SwinConfig tiny() {
    return of(96, List.of(2, 2, 6, 2), List.of(3, 6, 12, 24)).withDropPathRate(DEFAULT_DROP_PATH);
  }

  /** Swin-S: C 96, depths 2-2-18-2, heads 3-6-12-24; drop path 0.1. */
  public static SwinConfig small() {
    return of(96, List.of(2, 2, 18, 2), List.of(3, 6, 12, 24)).withDropPathRate(DEFAULT_DROP_PATH);
  }

  /** Swin-B: C 128, depths 2-2-18-2, heads 4-8-16-32; drop path 0.1. */
  public static SwinConfig base() {
    return of(128, List.of(2, 2, 18, 2), List.of(4, 8, 16, 32)).withDropPathRate(DEFAULT_DROP_PATH);
  }

  /** A configuration by name: {@code tiny}, {@code small} or {@code base}. */
  public static SwinConfig named(String name) {
    return switch (name) {
      case "tiny", "swin_tiny" -> tiny();
      case "small", "swin_small" -> small();
      case "base", "swin_base" -> base();
      default -> throw new IllegalArgumentException(
          "unknown architecture '" + name + "' (expected tiny, small or base)");
    };
  }

  /** A custom configuration with window 7, patch 4, MLP ratio 4, no dropout and no drop path. */
  public static SwinConfig of(int embedDim, List<Integer> depths, List<Integer> numHeads) {
    return new SwinConfig(embedDim, depths, numHeads, 7, 4, 4, 3, 0, 0, 0, 1e-5);
  }

  public SwinConfig withDropPathRate(double rate) {
    return new SwinConfig(embedDim, depths, numHeads, windowSize, patchSize, mlpRatio, inChannels,
        dropRate, attnDropRate, rate, layerNormEps);
  }

  public SwinConfig withDropRates(double drop, double attnDrop) {
    return new SwinConfig(embedDim, depths, numHeads, windowSize, patchSize, mlpRatio, inChannels,
        drop, attnDrop, dropPathRate, layerNormEps);
  }

  public SwinConfig withWindowSize(int window) {
    return new SwinConfig(embedDim, depths, numHeads, window, patchSize, mlpRatio, inChannels,
        dropRate, attnDropRate, dropPathRate, layerNormEps);
  }

  public SwinConfig withPatchSize(int patch) {
    return new SwinConfig(embedDim, depths, numHeads, windowSize, patch, mlpRatio, inChannels,
        dropRate, attnDropRate, dropPathRate, layerNormEps);
  }

  public SwinConfig withMlpRatio(int ratio) {
    return new SwinConfig(embedDim, depths, numHeads, windowSize, patchSize, ratio, inChannels,
        dropRate, attnDropRate, dropPathRate, layerNormEps);
  }

  /** True when both have the same parameter shapes (rates may differ). */
  public boolean sameArchitecture(SwinConfig o) {
    return embedDim == o.embedDim && depths.equals(o.depths) && numHeads.equals(o.numHeads)
        && windowSize == o.windowSize && patchSize == o.patchSize && mlpRatio == o.mlpRatio
        && inChannels == o.inChannels;
  }

  /** Channels of stage {@code i}. */
  public int channels(int stage) {
    return embedDim << stage;
  }

  /** Width of the pooled feature (channels of the last stage). */
  public int pooledDim() {
    return channels(NUM_STAGES - 1);
  }

  /** Total number of blocks over all stages. */
  public int totalBlocks() {
    return depths.stream().mapToInt(Integer::intValue).sum();
  }

  /** Drop-path rate of every block, linearly from 0 to {@code dropPathRate} (torch.linspace). */
  public double[] blockDropPathRates() {
    int n = totalBlocks();
    double[] rates = new double[n];
    for (int i = 0; i < n; i++) {
      rates[i] = n == 1 ? 0 : dropPathRate * i / (n - 1);
    }
    return rates;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  private static void requireRate(double rate, String name) {
    require(rate >= 0 && rate < 1, name + " must be in [0, 1), got " + rate);
  }
}
