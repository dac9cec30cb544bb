package io.solider.tasks.reid.train;

import io.solider.nn.backbone.SwinConfig;

/**
 * Everything a re-id training run needs besides its data. {@link #release} gives the SOLIDER-REID
 * recipe (TransReID-based; {@code configs/market/swin_tiny.yml} + {@code config/defaults.py} +
 * {@code run.sh}); the comments give the release's values.
 *
 * @param arch backbone architecture for a run from scratch; with {@code pretrained} the
 *     checkpoint's architecture is used and only this record's drop-path rate is kept (0.1,
 *     {@code MODEL.DROP_PATH})
 * @param pretrained SOLIDER checkpoint to start from (any layout {@code Checkpoints} reads), or
 *     null for a random backbone
 * @param semanticWeight λ of the semantic controller (0.2, {@code MODEL.SEMANTIC_WEIGHT})
 * @param height input height (384)
 * @param width input width (128)
 * @param identitiesPerBatch P (16 = 64 / {@code NUM_INSTANCE})
 * @param imagesPerIdentity K ({@code DATALOADER.NUM_INSTANCE} 4)
 * @param epochs training epochs (120)
 * @param warmupEpochs linear warm-up epochs (20)
 * @param baseLr {@code SOLVER.BASE_LR} (8e-4 for Swin-T, 2e-4 for Swin-S/B in run.sh)
 * @param warmupFactor warm-up starts at this × baseLr (0.01)
 * @param minLrFactor the cosine ends at this × baseLr (0.002)
 * @param biasLrFactor learning-rate factor of parameters whose key contains "bias" (2)
 * @param momentum SGD momentum (0.9)
 * @param weightDecay weight decay (1e-4)
 * @param weightDecayBias weight decay of "bias" parameters (1e-4)
 * @param labelSmoothing ε of the identity loss; 0 = plain cross-entropy ({@code IF_LABELSMOOTH 'off'});
 *     the release's 'on' is 0.1
 * @param idLossWeight weight of the cross-entropy (1)
 * @param tripletLossWeight weight of the triplet loss (1)
 * @param flipProbability horizontal flip probability (0.5)
 * @param padding zero padding before the random crop (10)
 * @param erasingProbability random erasing probability (0.5)
 * @param evalEvery also evaluate every this many epochs (0: only at the end; the release: 10)
 * @param seed seeds every random choice ({@code SOLVER.SEED} 1234)
 */
public record ReidTrainConfig(SwinConfig arch, String pretrained, double semanticWeight, int height, int width,
    int identitiesPerBatch, int imagesPerIdentity, int epochs, int warmupEpochs, double baseLr, double warmupFactor,
    double minLrFactor, double biasLrFactor, double momentum, double weightDecay, double weightDecayBias,
    double labelSmoothing, double idLossWeight, double tripletLossWeight, double flipProbability, int padding,
    double erasingProbability, int evalEvery, long seed) {

  /** Base learning rate of run.sh for Swin-T. */
  public static final double TINY_LR = 8e-4;
  /** Base learning rate of run.sh for Swin-S and Swin-B. */
  public static final double SMALL_BASE_LR = 2e-4;

  public ReidTrainConfig {
    require(arch != null, "arch is required");
    require(semanticWeight >= 0 && semanticWeight <= 1, "semantic weight must be in [0, 1], got " + semanticWeight);
    require(height >= 1 && width >= 1, "input size must be positive, got " + height + "x" + width);
    require(identitiesPerBatch >= 2, "identities per batch must be >= 2 (triplets need negatives), got "
        + identitiesPerBatch);
    require(imagesPerIdentity >= 1, "images per identity must be >= 1, got " + imagesPerIdentity);
    require(epochs >= 1, "epochs must be >= 1, got " + epochs);
    require(warmupEpochs >= 0 && warmupEpochs <= epochs, "warm-up epochs must be in [0, epochs], got " + warmupEpochs);
    require(baseLr > 0, "base learning rate must be > 0, got " + baseLr);
    require(warmupFactor >= 0 && minLrFactor >= 0 && biasLrFactor > 0, "learning-rate factors must be >= 0");
    require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
    require(weightDecay >= 0 && weightDecayBias >= 0, "weight decay must be >= 0");
    require(labelSmoothing >= 0 && labelSmoothing < 1, "label smoothing must be in [0, 1), got " + labelSmoothing);
    require(idLossWeight >= 0 && tripletLossWeight >= 0 && idLossWeight + tripletLossWeight > 0,
        "loss weights must be >= 0 and not both 0");
    require(flipProbability >= 0 && flipProbability <= 1, "flip probability must be in [0, 1]");
    require(erasingProbability >= 0 && erasingProbability <= 1, "erasing probability must be in [0, 1]");
    require(padding >= 0, "padding must be >= 0");
    require(evalEvery >= 0, "evalEvery must be >= 0");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The release's recipe on {@code arch} (base learning rate of Swin-T; see {@link #withBaseLr}). */
  public static ReidTrainConfig release(SwinConfig arch) {
    return new ReidTrainConfig(arch, null, 0.2, 384, 128, 16, 4, 120, 20, TINY_LR, 0.01, 0.002, 2, 0.9, 1e-4, 1e-4,
        0, 1, 1, 0.5, 10, 0.5, 0, 1234);
  }

  /** Images per step: P × K. */
  public int batchSize() {
    return identitiesPerBatch * imagesPerIdentity;
  }

  public ReidTrainConfig withArch(SwinConfig a) {
    return new ReidTrainConfig(a, pretrained, semanticWeight, height, width, identitiesPerBatch, imagesPerIdentity,
        epochs, warmupEpochs, baseLr, warmupFactor, minLrFactor, biasLrFactor, momentum, weightDecay, weightDecayBias,
        labelSmoothing, idLossWeight, tripletLossWeight, flipProbability, padding, erasingProbability, evalEvery, seed);
  }

  public ReidTrainConfig withPretrained(String p) {
    return new ReidTrainConfig(arch, p, semanticWeight, height, width, identitiesPerBatch, imagesPerIdentity,
        epochs, warmupEpochs, baseLr, warmupFactor, minLrFactor, biasLrFactor, momentum, weightDecay, weightDecayBias,
        labelSmoothing, idLossWeight, tripletLossWeight, flipProbability, padding, erasingProbability, evalEvery, seed);
  }

  public ReidTrainConfig withInput(int h, int w) {
    return new ReidTrainConfig(arch, pretrained, semanticWeight, h, w, identitiesPerBatch, imagesPerIdentity,
        epochs, warmupEpochs, baseLr, warmupFactor, minLrFactor, biasLrFactor, momentum, weightDecay, weightDecayBias,
        labelSmoothing, idLossWeight, tripletLossWeight, flipProbability, padding, erasingProbability, evalEvery, seed);
  }

  public ReidTrainConfig withBatch(int p, int k) {
    return new ReidTrainConfig(arch, pretrained, semanticWeight, height, width, p, k, epochs, warmupEpochs, baseLr,
        warmupFactor, minLrFactor, biasLrFactor, momentum, weightDecay, weightDecayBias, labelSmoothing, idLossWeight,
        tripletLossWeight, flipProbability, padding, erasingProbability, evalEvery, seed);
  }

  public ReidTrainConfig withEpochs(int e, int warmup) {
    return new ReidTrainConfig(arch, pretrained, semanticWeight, height, width, identitiesPerBatch, imagesPerIdentity,
        e, warmup, baseLr, warmupFactor, minLrFactor, biasLrFactor, momentum, weightDecay, weightDecayBias,
        labelSmoothing, idLossWeight, tripletLossWeight, flipProbability, padding, erasingProbability, evalEvery, seed);
  }

  public ReidTrainConfig withBaseLr(double lr) {
    return new ReidTrainConfig(arch, pretrained, semanticWeight, height, width, identitiesPerBatch, imagesPerIdentity,
        epochs, warmupEpochs, lr, warmupFactor, minLrFactor, biasLrFactor, momentum, weightDecay, weightDecayBias,
        labelSmoothing, idLossWeight, tripletLossWeight, flipProbability, padding, erasingProbability, evalEvery, seed);
  }

  public ReidTrainConfig withSemanticWeight(double l) {
    return new ReidTrainConfig(arch, pretrained, l, height, width, identitiesPerBatch, imagesPerIdentity,
        epochs, warmupEpochs, baseLr, warmupFactor, minLrFactor, biasLrFactor, momentum, weightDecay, weightDecayBias,
        labelSmoothing, idLossWeight, tripletLossWeight, flipProbability, padding, erasingProbability, evalEvery, seed);
  }

  public ReidTrainConfig withLabelSmoothing(double eps) {
    return new ReidTrainConfig(arch, pretrained, semanticWeight, height, width, identitiesPerBatch, imagesPerIdentity,
        epochs, warmupEpochs, baseLr, warmupFactor, minLrFactor, biasLrFactor, momentum, weightDecay, weightDecayBias,
        eps, idLossWeight, tripletLossWeight, flipProbability, padding, erasingProbability, evalEvery, seed);
  }

  public ReidTrainConfig withAugmentation(double flip, int pad, double erasing) {
    return new ReidTrainConfig(arch, pretrained, semanticWeight, height, width, identitiesPerBatch, imagesPerIdentity,
        epochs, warmupEpochs, baseLr, warmupFactor, minLrFactor, biasLrFactor, momentum, weightDecay, weightDecayBias,
        labelSmoothing, idLossWeight, tripletLossWeight, flip, pad, erasing, evalEvery, seed);
  }

  public ReidTrainConfig withEvalEvery(int n) {
    return new ReidTrainConfig(arch, pretrained, semanticWeight, height, width, identitiesPerBatch, imagesPerIdentity,
        epochs, warmupEpochs, baseLr, warmupFactor, minLrFactor, biasLrFactor, momentum, weightDecay, weightDecayBias,
        labelSmoothing, idLossWeight, tripletLossWeight, flipProbability, padding, erasingProbability, n, seed);
  }

  public ReidTrainConfig withSeed(long s) {
    return new ReidTrainConfig(arch, pretrained, semanticWeight, height, width, identitiesPerBatch, imagesPerIdentity,
        epochs, warmupEpochs, baseLr, warmupFactor, minLrFactor, biasLrFactor, momentum, weightDecay, weightDecayBias,
        labelSmoothing, idLossWeight, tripletLossWeight, flipProbability, padding, erasingProbability, evalEvery, s);
  }

  public ReidTrainConfig withLossWeights(double id, double triplet) {
    return new ReidTrainConfig(arch, pretrained, semanticWeight, height, width, identitiesPerBatch, imagesPerIdentity,
        epochs, warmupEpochs, baseLr, warmupFactor, minLrFactor, biasLrFactor, momentum, weightDecay, weightDecayBias,
        labelSmoothing, id, triplet, flipProbability, padding, erasingProbability, evalEvery, seed);
  }
}
