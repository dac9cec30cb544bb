package io.solider.tasks.parsing.train;

import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.train.BackboneModel;
import io.solider.tasks.parsing.data.LipTrainTransform;
import io.solider.tasks.parsing.loss.SchpLossWeights;

/**
 * What a parsing training run learns (how it is driven is {@code TrainingOptions}).
 * {@link #release} is the SOLIDER-HumanParsing recipe (SCHP-based; {@code train_swin.sh},
 * {@code train.py}); each part's Javadoc gives the release's values.
 *
 * @param model backbone, starting checkpoint and λ (release: 0.0, the code's; the README's 0.8 is not
 *     what its code runs); strides 4, 2, 2, 1 and drop path 0 are applied to any architecture
 * @param batchSize images per step (8: train_swin.sh's {@code --batch-size}, per GPU; the release ran 8 GPUs
 *     with SyncBN, one process here trains on this many)
 * @param optimizer SGD settings
 * @param schedule the learning rate per epoch and the number of epochs ({@link SchpSchedule#release()})
 * @param cycles when the self-correction cycles end ({@link SchpCycles#release()}: after epochs 120, 130, 140, 150)
 * @param augmentation crop size and augmentation ({@link LipTrainTransform.Config#release()}: 572×384)
 * @param loss the loss terms' weights ({@link SchpLossWeights#release()}: 1, 1, 0.1)
 * @param seed seeds every random choice (the release sets none)
 */
public record ParsingTrainConfig(BackboneModel model, int batchSize, Optimizer optimizer, SchpSchedule schedule,
    SchpCycles cycles, LipTrainTransform.Config augmentation, SchpLossWeights loss, long seed) {

  /** The release's semantic weight for parsing: the Swin class's default 0.0, never overridden (its README says 0.8). */
  public static final double RELEASE_LAMBDA = 0.0;

  public ParsingTrainConfig {
    if (model == null || optimizer == null || schedule == null || cycles == null || augmentation == null
        || loss == null) {
      throw new IllegalArgumentException("every part of the parsing configuration is required");
    }
    require(batchSize >= 2, "batch size must be >= 2 (the head's batch norms need two values per channel), got "
        + batchSize);
  }


  /**
   * SGD over the trainable parameters (every parameter but {@code patch_embed.*}, which train.py
   * freezes).
   *
   * @param momentum (0.9)
   * @param weightDecay (0: train_swin.sh's {@code --weight-decay 0})
   */
  public record Optimizer(double momentum, double weightDecay) {
    public Optimizer {
      require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
      require(weightDecay >= 0, "weight decay must be >= 0, got " + weightDecay);
    }
  }

  /** The release's recipe on {@code arch}. */
  public static ParsingTrainConfig release(SwinConfig arch) {
    return new ParsingTrainConfig(BackboneModel.fromScratch(arch, RELEASE_LAMBDA), 8, new Optimizer(0.9, 0),
        SchpSchedule.release(), SchpCycles.release(), LipTrainTransform.Config.release(), SchpLossWeights.release(),
        0);
  }

  /** Epochs of the run. */
  public int epochs() {
    return schedule.epochs();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** This configuration with another backbone architecture. */
  public ParsingTrainConfig withArch(SwinConfig arch) {
    return toBuilder().arch(arch).build();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Changes parts of a configuration by name: {@code release(arch).toBuilder().crop(143, 96).build()}. */
  public static final class Builder {
    private BackboneModel model;
    private int batchSize;
    private Optimizer optimizer;
    private SchpSchedule schedule;
    private SchpCycles cycles;
    private LipTrainTransform.Config augmentation;
    private SchpLossWeights loss;
    private long seed;

    private Builder(ParsingTrainConfig c) {
      model = c.model;
      batchSize = c.batchSize;
      optimizer = c.optimizer;
      schedule = c.schedule;
      cycles = c.cycles;
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

    public Builder batchSize(int n) {
      batchSize = n;
      return this;
    }

    public Builder optimizer(double momentum, double weightDecay) {
      optimizer = new Optimizer(momentum, weightDecay);
      return this;
    }

    /** The crop size (training input), augmentation otherwise unchanged. */
    public Builder crop(int height, int width) {
      augmentation = augmentation.withCrop(height, width);
      return this;
    }

    public Builder augmentation(LipTrainTransform.Config a) {
      augmentation = a;
      return this;
    }

    public Builder schedule(SchpSchedule s) {
      schedule = s;
      return this;
    }

    /**
     * The release's schedule shape on other lengths: {@code lr}, η_min = lr/500, warm-up epochs,
     * the cyclical part and the self-correction from {@code schpStart} in cycles of
     * {@code cycleEpochs} at lr/2 (train.py's {@code --schp-start} sets both), {@code epochs} in all.
     */
    public Builder epochs(int epochs, int warmupEpochs, int schpStart, int cycleEpochs, double lr) {
      schedule = new SchpSchedule(lr, lr / 500, warmupEpochs, schpStart, lr / 2, cycleEpochs, epochs);
      cycles = new SchpCycles(schpStart, cycleEpochs);
      return this;
    }

    public Builder cycles(SchpCycles c) {
      cycles = c;
      return this;
    }

    public Builder loss(SchpLossWeights l) {
      loss = l;
      return this;
    }

    public Builder seed(long s) {
      seed = s;
      return this;
    }

    public ParsingTrainConfig build() {
      return new ParsingTrainConfig(model, batchSize, optimizer, schedule, cycles, augmentation, loss, seed);
    }
  }
}
