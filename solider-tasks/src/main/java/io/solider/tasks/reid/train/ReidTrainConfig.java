package io.solider.tasks.reid.train;

import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.image.ImageSize;
import io.solider.nn.train.BackboneModel;

/**
 * What a re-id training run learns (how it is driven is {@code TrainingOptions}). {@link #release}
 * gives the SOLIDER-REID recipe (TransReID-based: {@code configs/market/swin_tiny.yml},
 * {@code config/defaults.py}, {@code run.sh}); each part's Javadoc gives the release's values.
 *
 * @param model backbone, starting checkpoint and λ (release: 0.2, {@code MODEL.SEMANTIC_WEIGHT}); with a
 *     checkpoint its architecture is used and only this drop-path rate is kept (0.1, {@code MODEL.DROP_PATH})
 * @param input training and test image size (384×128)
 * @param batch the P × K identity sampler (16 × 4)
 * @param optimizer SGD settings
 * @param schedule epochs and the cosine learning-rate schedule with warm-up
 * @param augmentation flip, pad-and-crop, random erasing
 * @param loss the loss terms' weights
 * @param seed seeds every random choice ({@code SOLVER.SEED} 1234)
 */
public record ReidTrainConfig(BackboneModel model, ImageSize input, Batch batch, Optimizer optimizer, Schedule schedule,
    Augmentation augmentation, Loss loss, long seed) {

  /** Base learning rate of run.sh for Swin-T. */
  public static final double TINY_LR = 8e-4;
  /** Base learning rate of run.sh for Swin-S and Swin-B. */
  public static final double SMALL_BASE_LR = 2e-4;

  public ReidTrainConfig {
    if (model == null || input == null || batch == null || optimizer == null || schedule == null
        || augmentation == null || loss == null) {
      throw new IllegalArgumentException("every part of the re-id configuration is required");
    }
  }


  /**
   * The identity sampler: P identities × K images per batch.
   *
   * @param identities P (16 = 64 / {@code NUM_INSTANCE})
   * @param imagesPerIdentity K ({@code DATALOADER.NUM_INSTANCE} 4)
   */
  public record Batch(int identities, int imagesPerIdentity) {
    public Batch {
      require(identities >= 2, "identities per batch must be >= 2 (triplets need negatives), got " + identities);
      require(imagesPerIdentity >= 1, "images per identity must be >= 1, got " + imagesPerIdentity);
    }

    /** Images per step: P × K. */
    public int size() {
      return identities * imagesPerIdentity;
    }
  }

  /**
   * SGD with momentum and the release's two parameter groups.
   *
   * @param momentum (0.9)
   * @param weightDecay of weights (1e-4)
   * @param weightDecayBias of parameters whose key contains "bias" (1e-4)
   * @param biasLrFactor learning-rate factor of those parameters (2)
   */
  public record Optimizer(double momentum, double weightDecay, double weightDecayBias, double biasLrFactor) {
    public Optimizer {
      require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
      require(weightDecay >= 0 && weightDecayBias >= 0, "weight decay must be >= 0");
      require(biasLrFactor > 0, "bias learning-rate factor must be > 0, got " + biasLrFactor);
    }
  }

  /**
   * Epochs and timm's cosine schedule with linear warm-up, stepped per epoch.
   *
   * @param epochs training epochs (120)
   * @param warmupEpochs linear warm-up epochs (20)
   * @param baseLr {@code SOLVER.BASE_LR} (8e-4 for Swin-T, 2e-4 for Swin-S/B in run.sh)
   * @param warmupFactor warm-up starts at this × baseLr (0.01)
   * @param minLrFactor the cosine ends at this × baseLr (0.002)
   */
  public record Schedule(int epochs, int warmupEpochs, double baseLr, double warmupFactor, double minLrFactor) {
    public Schedule {
      require(epochs >= 1, "epochs must be >= 1, got " + epochs);
      require(warmupEpochs >= 0 && warmupEpochs <= epochs, "warm-up epochs must be in [0, epochs], got "
          + warmupEpochs);
      require(baseLr > 0, "base learning rate must be > 0, got " + baseLr);
      require(warmupFactor >= 0 && minLrFactor >= 0, "learning-rate factors must be >= 0");
    }
  }

  /**
   * The training transform's random parts (after the bicubic resize to the input size).
   *
   * @param flipProbability horizontal flip probability (0.5)
   * @param padding zero padding before the random crop (10)
   * @param erasingProbability random erasing probability (0.5)
   */
  public record Augmentation(double flipProbability, int padding, double erasingProbability) {
    public Augmentation {
      require(flipProbability >= 0 && flipProbability <= 1, "flip probability must be in [0, 1]");
      require(erasingProbability >= 0 && erasingProbability <= 1, "erasing probability must be in [0, 1]");
      require(padding >= 0, "padding must be >= 0");
    }
  }

  /**
   * The loss: {@code idWeight · CE + tripletWeight · triplet}.
   *
   * @param idWeight weight of the identity cross-entropy (1)
   * @param tripletWeight weight of the soft-margin batch-hard triplet loss (1)
   * @param labelSmoothing ε of the identity loss; 0 = plain cross-entropy ({@code IF_LABELSMOOTH 'off'};
   *     the release's 'on' is 0.1)
   */
  public record Loss(double idWeight, double tripletWeight, double labelSmoothing) {
    public Loss {
      require(idWeight >= 0 && tripletWeight >= 0 && idWeight + tripletWeight > 0,
          "loss weights must be >= 0 and not both 0");
      require(labelSmoothing >= 0 && labelSmoothing < 1, "label smoothing must be in [0, 1), got " + labelSmoothing);
    }
  }

  /** The release's recipe on {@code arch}, with the base learning rate run.sh uses for its size. */
  public static ReidTrainConfig release(SwinConfig arch) {
    return new ReidTrainConfig(BackboneModel.fromScratch(arch, 0.2), new ImageSize(384, 128), new Batch(16, 4),
        new Optimizer(0.9, 1e-4, 1e-4, 2), new Schedule(120, 20, releaseBaseLr(arch), 0.01, 0.002),
        new Augmentation(0.5, 10, 0.5), new Loss(1, 1, 0), 1234);
  }

  /** run.sh's base learning rate: 8e-4 for Swin-T (and smaller custom backbones), 2e-4 for Swin-S and Swin-B. */
  public static double releaseBaseLr(SwinConfig arch) {
    return arch.totalBlocks() > SwinConfig.tiny().totalBlocks() || arch.embedDim() > SwinConfig.tiny().embedDim()
        ? SMALL_BASE_LR : TINY_LR;
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** This configuration with another backbone architecture. */
  public ReidTrainConfig withArch(SwinConfig arch) {
    return toBuilder().arch(arch).build();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Changes parts of a configuration by name: {@code release(arch).toBuilder().epochs(2, 1).build()}. */
  public static final class Builder {
    private BackboneModel model;
    private ImageSize input;
    private Batch batch;
    private Optimizer optimizer;
    private Schedule schedule;
    private Augmentation augmentation;
    private Loss loss;
    private long seed;

    private Builder(ReidTrainConfig c) {
      model = c.model;
      input = c.input;
      batch = c.batch;
      optimizer = c.optimizer;
      schedule = c.schedule;
      augmentation = c.augmentation;
      loss = c.loss;
      seed = c.seed;
    }

    public Builder arch(SwinConfig arch) {
      model = model.withArch(arch);
      return this;
    }

    /** Start from this checkpoint (null: random backbone). */
    public Builder pretrained(String checkpoint) {
      model = model.withPretrained(checkpoint);
      return this;
    }

    public Builder semanticWeight(double lambda) {
      model = model.withSemanticWeight(lambda);
      return this;
    }

    public Builder input(int height, int width) {
      input = new ImageSize(height, width);
      return this;
    }

    /** P identities × K images per batch. */
    public Builder batch(int identities, int imagesPerIdentity) {
      batch = new Batch(identities, imagesPerIdentity);
      return this;
    }

    public Builder optimizer(Optimizer o) {
      optimizer = o;
      return this;
    }

    /** The same weight decay for weights and biases (as the release's config). */
    public Builder weightDecay(double wd) {
      optimizer = new Optimizer(optimizer.momentum(), wd, wd, optimizer.biasLrFactor());
      return this;
    }

    public Builder epochs(int epochs, int warmupEpochs) {
      schedule = new Schedule(epochs, warmupEpochs, schedule.baseLr(), schedule.warmupFactor(),
          schedule.minLrFactor());
      return this;
    }

    public Builder baseLr(double lr) {
      schedule = new Schedule(schedule.epochs(), schedule.warmupEpochs(), lr, schedule.warmupFactor(),
          schedule.minLrFactor());
      return this;
    }

    public Builder augmentation(Augmentation a) {
      augmentation = a;
      return this;
    }

    public Builder loss(Loss l) {
      loss = l;
      return this;
    }

    public Builder labelSmoothing(double eps) {
      loss = new Loss(loss.idWeight(), loss.tripletWeight(), eps);
      return this;
    }

    public Builder seed(long s) {
      seed = s;
      return this;
    }

    public ReidTrainConfig build() {
      return new ReidTrainConfig(model, input, batch, optimizer, schedule, augmentation, loss, seed);
    }
  }
}
