package io.solider.nn.backbone;

import java.util.ArrayList;
import java.util.List;

/**
 * Architecture of a SOLIDER Swin Transformer backbone: its parameter shapes ({@link Dims}), how a
 * task wires it ({@link Variant}: strides and output norms), its training-time rates
 * ({@link Rates}) and the LayerNorm epsilon.
 *
 * <p>Stage {@code i} works at {@code embedDim · 2^i} channels. Named sizes are {@link #tiny()},
 * {@link #small()}, {@link #base()}; changes are {@code withX} copies, e.g.
 * {@code SwinConfig.tiny().withStrides(4, 2, 1, 1)} for the pose variant.
 *
 * @param dims every parameter shape follows from these
 * @param variant per-stage strides and the stages that have an output norm
 * @param rates dropout and drop-path rates (training mode only)
 * @param layerNormEps epsilon of every LayerNorm (1e-5, PyTorch's default)
 */
public record SwinConfig(Dims dims, Variant variant, Rates rates, double layerNormEps) {

  /** Number of stages of every SOLIDER backbone. */
  public static final int NUM_STAGES = 4;

  /** Drop-path rate of the named variants: the SOLIDER release trains with 0.1. */
  public static final double DEFAULT_DROP_PATH = 0.1;

  public SwinConfig {
    require(dims != null && variant != null && rates != null, "dims, variant and rates are required");
    require(variant.strides().get(0) == dims.patchSize(), "the first stride is the patch embedding's and must equal "
        + "the patch size " + dims.patchSize() + ", got strides " + variant.strides());
    require(layerNormEps > 0, "layerNormEps must be positive");
  }

  /**
   * The parameter shapes.
   *
   * @param embedDim channels C of stage 0
   * @param depths blocks per stage
   * @param numHeads attention heads per stage
   * @param windowSize attention window side (7 in every released model)
   * @param patchSize patch-embedding stride and kernel (4)
   * @param mlpRatio hidden width of the block MLP relative to C (4)
   * @param inChannels image channels (3)
   */
  public record Dims(int embedDim, List<Integer> depths, List<Integer> numHeads, int windowSize, int patchSize,
      int mlpRatio, int inChannels) {

    public Dims {
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
    }
  }

  /**
   * How a task wires the backbone: the release's {@code strides} and {@code out_indices}
   * arguments of {@code SwinTransformer}. Neither changes a parameter's shape, but a stage outside
   * {@code outIndices} has no {@code norm_i} parameters.
   *
   * @param strides the patch size, then the stride of the patch merging that feeds stage 1, 2 and
   *     3 (2 halves the map, 1 keeps its size): pretraining, re-id, attributes and person search
   *     use 4,2,2,2; pose 4,2,1,1; parsing and pedestrian detection 4,2,2,1
   * @param outIndices stages with an output norm and an output map, ascending (all four but in
   *     pedestrian detection, which has 1,2,3)
   */
  public record Variant(List<Integer> strides, List<Integer> outIndices) {

    public Variant {
      strides = List.copyOf(strides);
      outIndices = List.copyOf(outIndices);
      require(strides.size() == NUM_STAGES, "strides needs 4 entries (patch size, then one per patch merging), got "
          + strides);
      for (int i = 1; i < NUM_STAGES; i++) {
        require(strides.get(i) == 1 || strides.get(i) == 2,
            "patch merging strides must be 1 or 2, got " + strides.get(i) + " in " + strides);
      }
      require(!outIndices.isEmpty(), "outIndices needs at least one stage");
      for (int i = 0; i < outIndices.size(); i++) {
        int s = outIndices.get(i);
        require(s >= 0 && s < NUM_STAGES && (i == 0 || s > outIndices.get(i - 1)),
            "outIndices must be ascending stage numbers in 0..3, got " + outIndices);
      }
    }

    /** The released models' wiring: strides (patch, 2, 2, 2) and an output norm on every stage. */
    public static Variant release(int patchSize) {
      return new Variant(List.of(patchSize, 2, 2, 2), List.of(0, 1, 2, 3));
    }
  }

  /**
   * Regularisation rates, used in training mode only. Drop path grows linearly over the blocks
   * from 0 to {@code dropPath}, as in the release.
   *
   * @param drop dropout after patch embedding, on attention projections and in MLPs
   * @param attnDrop dropout on attention probabilities
   * @param dropPath stochastic-depth rate of the last block
   */
  public record Rates(double drop, double attnDrop, double dropPath) {

    /** No dropout, no drop path. */
    public static final Rates NONE = new Rates(0, 0, 0);

    public Rates {
      requireRate(drop, "dropRate");
      requireRate(attnDrop, "attnDropRate");
      requireRate(dropPath, "dropPathRate");
    }
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

  /**
   * A custom configuration with window 7, patch 4, MLP ratio 4, the release's wiring, no dropout
   * and no drop path.
   */
  public static SwinConfig of(int embedDim, List<Integer> depths, List<Integer> numHeads) {
    return new SwinConfig(new Dims(embedDim, depths, numHeads, 7, 4, 4, 3), Variant.release(4), Rates.NONE, 1e-5);
  }

  public SwinConfig withDropPathRate(double rate) {
    return new SwinConfig(dims, variant, new Rates(rates.drop(), rates.attnDrop(), rate), layerNormEps);
  }

  public SwinConfig withDropRates(double drop, double attnDrop) {
    return new SwinConfig(dims, variant, new Rates(drop, attnDrop, rates.dropPath()), layerNormEps);
  }

  public SwinConfig withWindowSize(int window) {
    return withDims(new Dims(embedDim(), depths(), numHeads(), window, patchSize(), mlpRatio(), inChannels()));
  }

  /** Another patch size; the first stride follows it. */
  public SwinConfig withPatchSize(int patch) {
    List<Integer> strides = new ArrayList<>(strides());
    strides.set(0, patch);
    return new SwinConfig(new Dims(embedDim(), depths(), numHeads(), windowSize(), patch, mlpRatio(), inChannels()),
        new Variant(strides, outIndices()), rates, layerNormEps);
  }

  public SwinConfig withMlpRatio(int ratio) {
    return withDims(new Dims(embedDim(), depths(), numHeads(), windowSize(), patchSize(), ratio, inChannels()));
  }

  /**
   * The release's {@code strides}: the patch size, then the stride (1 or 2) of the patch merging
   * feeding stages 1, 2 and 3, e.g. {@code withStrides(4, 2, 1, 1)} for pose.
   */
  public SwinConfig withStrides(int... strides) {
    return new SwinConfig(dims, new Variant(boxed(strides), outIndices()), rates, layerNormEps);
  }

  /** The release's {@code out_indices}: the stages with an output norm, e.g. {@code withOutIndices(1, 2, 3)}. */
  public SwinConfig withOutIndices(int... stages) {
    return new SwinConfig(dims, new Variant(strides(), boxed(stages)), rates, layerNormEps);
  }

  private SwinConfig withDims(Dims d) {
    return new SwinConfig(d, variant, rates, layerNormEps);
  }

  /** True when both have the same parameters (shapes and output norms); strides and rates may differ. */
  public boolean sameArchitecture(SwinConfig o) {
    return dims.equals(o.dims) && outIndices().equals(o.outIndices());
  }

  public int embedDim() {
    return dims.embedDim();
  }

  public List<Integer> depths() {
    return dims.depths();
  }

  public List<Integer> numHeads() {
    return dims.numHeads();
  }

  public int windowSize() {
    return dims.windowSize();
  }

  public int patchSize() {
    return dims.patchSize();
  }

  public int mlpRatio() {
    return dims.mlpRatio();
  }

  public int inChannels() {
    return dims.inChannels();
  }

  public double dropRate() {
    return rates.drop();
  }

  public double attnDropRate() {
    return rates.attnDrop();
  }

  public double dropPathRate() {
    return rates.dropPath();
  }

  public List<Integer> strides() {
    return variant.strides();
  }

  public List<Integer> outIndices() {
    return variant.outIndices();
  }

  /** Whether stage {@code i} has an output norm and map. */
  public boolean hasOutput(int stage) {
    return variant.outIndices().contains(stage);
  }

  /** Stride (1 or 2) of the patch merging after stage {@code stage} (0..2), which feeds stage + 1. */
  public int mergeStride(int stage) {
    if (stage < 0 || stage >= NUM_STAGES - 1) {
      throw new IllegalArgumentException("stages 0..2 have a patch merging, not stage " + stage);
    }
    return variant.strides().get(stage + 1);
  }

  /** Stride of stage {@code i}'s map relative to the (padded) image, e.g. 4, 8, 16, 32 for the release. */
  public int stageStride(int stage) {
    int stride = patchSize();
    for (int i = 1; i <= stage; i++) {
      stride *= variant.strides().get(i);
    }
    return stride;
  }

  /** Channels of stage {@code i}. */
  public int channels(int stage) {
    return embedDim() << stage;
  }

  /** Width of the pooled feature (channels of the last stage). */
  public int pooledDim() {
    return channels(NUM_STAGES - 1);
  }

  /** Total number of blocks over all stages. */
  public int totalBlocks() {
    return depths().stream().mapToInt(Integer::intValue).sum();
  }

  /** Global index of block 0 of {@code stage} (blocks are numbered over all stages). */
  public int firstBlock(int stage) {
    int n = 0;
    for (int s = 0; s < stage; s++) {
      n += depths().get(s);
    }
    return n;
  }

  /** Drop-path rate of every block, linearly from 0 to {@code dropPathRate} (torch.linspace). */
  public double[] blockDropPathRates() {
    int n = totalBlocks();
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = n == 1 ? 0 : dropPathRate() * i / (n - 1);
    }
    return r;
  }

  private static List<Integer> boxed(int[] values) {
    return java.util.Arrays.stream(values).boxed().toList();
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
