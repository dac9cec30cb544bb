package io.solider.tasks.attribute.train;

import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.image.ImageSize;
import io.solider.nn.train.BackboneModel;
import java.util.List;

/**
 * What an attribute training run learns (how it is driven is {@code TrainingOptions}).
 * {@link #release} gives the release's PA-100K recipe (SOLIDER-PersonAttributeRecognition
 * {@code configs/pa100k.yaml}, {@code configs/default.py}, {@code train.py},
 * {@code batch_engine.py}); {@link #releasePeta} and {@link #releaseRap} its zero-shot PETA and
 * RAP variants. Each part's Javadoc gives the release's values.
 *
 * @param model backbone, starting checkpoint, λ, and whether the backbone trains
 * @param input training and test image size (256×128; PETA/RAP 256×192)
 * @param batchSize images per step, the last incomplete batch of an epoch dropped (64, {@code drop_last=True})
 * @param optimizer Adam, its two parameter groups and gradient clipping
 * @param schedule epochs and the learning-rate schedule
 * @param augmentation the training transform's random parts
 * @param seed seeds every random choice (the release draws one at random at every start)
 */
public record AttributeTrainConfig(Model model, ImageSize input, int batchSize, Optimizer optimizer,
    Schedule schedule, Augmentation augmentation, long seed) {

  public AttributeTrainConfig {
    if (model == null || input == null || optimizer == null || schedule == null || augmentation == null) {
      throw new IllegalArgumentException("every part of the attribute configuration is required");
    }
    require(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
    requireInputFits(model.arch(), input);
  }

  /**
   * Refuses an input smaller than the backbone's last-stage stride (32 for the release), whose last
   * map would hold padding only.
   *
   * @throws IllegalArgumentException naming the size and the stride
   */
  public static void requireInputFits(SwinConfig arch, ImageSize input) {
    int stride = arch.stageStride(SwinConfig.NUM_STAGES - 1);
    require(input.height() >= stride && input.width() >= stride, "input size " + input
        + " is smaller than the backbone's stride " + stride + " (e.g. the release's 256x128)");
  }

  /**
   * The model.
   *
   * @param arch architecture of a backbone trained from scratch; with {@code pretrained} the
   *     checkpoint's architecture is used and only this drop-path rate is kept (0: the release's
   *     factories {@code swin_t/s/b} pass {@code drop_path_rate=0.})
   * @param pretrained SOLIDER checkpoint to start from (any layout {@code Checkpoints} reads), or
   *     null for a random backbone
   * @param semanticWeight λ of the semantic controller (0.8, the release's {@code SwinTransformer} default)
   * @param trainBackbone whether the backbone trains (the release: yes); false trains the head
   *     alone on the frozen backbone (a linear probe)
   */
  public record Model(SwinConfig arch, String pretrained, double semanticWeight, boolean trainBackbone) {
    public Model {
      BackboneModel.validate(arch, semanticWeight);
    }
  }

  /**
   * torch.optim.Adam over the release's two parameter groups ({@code finetune_params}: the
   * backbone, {@code fresh_params}: the classifier), with weight decay on every parameter
   * ({@code TRAIN.BN_WD True}), and {@code clip_grad_norm_} over all gradients before each step.
   *
   * @param beta1 (0.9)
   * @param beta2 (0.999)
   * @param epsilon (1e-8)
   * @param backboneLr {@code LR_SCHEDULER.LR_FT} (1e-5)
   * @param headLr {@code LR_SCHEDULER.LR_NEW} (1e-5)
   * @param weightDecay coupled L2 weight decay of both groups (PA-100K 0; PETA/RAP 5e-4)
   * @param clipNorm global gradient-norm bound ({@code CLIP_GRAD True}: 10); 0 for none
   */
  public record Optimizer(double beta1, double beta2, double epsilon, double backboneLr, double headLr,
      double weightDecay, double clipNorm) {
    public Optimizer {
      require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas must be in [0, 1)");
      require(epsilon >= 0, "epsilon must be >= 0, got " + epsilon);
      require(backboneLr > 0 && headLr > 0, "learning rates must be > 0, got " + backboneLr + " and " + headLr);
      require(weightDecay >= 0, "weight decay must be >= 0, got " + weightDecay);
      require(clipNorm >= 0, "clip norm must be >= 0 (0: no clipping), got " + clipNorm);
    }
  }

  /** How the learning rate changes between epochs. */
  public enum ScheduleKind {
    /**
     * {@code ReduceLROnPlateau(factor, patience)} (threshold 1e-4 relative, no cooldown), stepped
     * after every epoch on the mean loss of the test split (PA-100K, RAP).
     */
    PLATEAU,
    /** {@code MultiStepLR(milestones, gamma = factor)}, stepped after every epoch (PETA). */
    MULTISTEP
  }

  /**
   * Epochs and the schedule.
   *
   * @param epochs training epochs ({@code TRAIN.MAX_EPOCH} 30)
   * @param kind plateau (PA-100K, RAP) or multi-step (PETA)
   * @param factor the plateau's reduction factor, or the multi-step gamma (0.1)
   * @param patience epochs without improvement the plateau tolerates (4)
   * @param milestones the multi-step epochs ({@code LR_STEP} [10, 15]; unused by the plateau)
   */
  public record Schedule(int epochs, ScheduleKind kind, double factor, int patience, List<Integer> milestones) {
    public Schedule {
      require(epochs >= 1, "epochs must be >= 1, got " + epochs);
      require(kind != null, "schedule kind is required");
      require(factor > 0 && factor < 1, "schedule factor must be in (0, 1), got " + factor);
      require(patience >= 0, "patience must be >= 0, got " + patience);
      milestones = List.copyOf(milestones);
      for (int i = 0; i < milestones.size(); i++) {
        require(milestones.get(i) >= 1 && (i == 0 || milestones.get(i) > milestones.get(i - 1)),
            "milestones must be increasing epochs >= 1, got " + milestones);
      }
    }
  }

  /**
   * The training transform's random parts, after the bilinear resize to the input size.
   *
   * @param padding zero padding before the random crop back to the input size (10)
   * @param flipProbability horizontal flip probability (0.5)
   */
  public record Augmentation(int padding, double flipProbability) {

    /** The release's padding, in pixels of its 256-high input (PA-100K 256×128, PETA 256×192). */
    public static final int RELEASE_PADDING = 10;
    /** The input height the release's padding is meant for. */
    public static final int RELEASE_HEIGHT = 256;

    public Augmentation {
      require(padding >= 0, "padding must be >= 0, got " + padding);
      require(flipProbability >= 0 && flipProbability <= 1, "flip probability must be in [0, 1], got "
          + flipProbability);
    }

    /**
     * The release's padding scaled to an input {@code height} pixels high: round(10 · height / 256),
     * so that the random crop shifts the person by the same fraction of the image as the release's
     * does. It is the release's 10 at 256×128 and 256×192; at 64×32 it is 3, where an unscaled 10
     * would shift a 32-wide person by up to a third of its width.
     */
    public static int proportionalPadding(int height) {
      require(height >= 1, "input height must be >= 1, got " + height);
      return (int) Math.round((double) RELEASE_PADDING * height / RELEASE_HEIGHT);
    }
  }

  /** The release's PA-100K recipe ({@code configs/pa100k.yaml}) on {@code arch}, drop path 0. */
  public static AttributeTrainConfig release(SwinConfig arch) {
    return new AttributeTrainConfig(new Model(arch.withDropPathRate(0), null, 0.8, true), new ImageSize(256, 128), 64,
        new Optimizer(0.9, 0.999, 1e-8, 1e-5, 1e-5, 0, 10),
        new Schedule(30, ScheduleKind.PLATEAU, 0.1, 4, List.of(10, 15)),
        new Augmentation(Augmentation.RELEASE_PADDING, 0.5), 0);
  }

  /** The release's PETA zero-shot recipe ({@code configs/peta_zs.yaml}): 256×192, weight decay 5e-4, MultiStepLR [10, 15]. */
  public static AttributeTrainConfig releasePeta(SwinConfig arch) {
    AttributeTrainConfig pa = release(arch);
    return pa.toBuilder().input(256, 192).weightDecay(5e-4)
        .schedule(new Schedule(30, ScheduleKind.MULTISTEP, 0.1, 4, List.of(10, 15))).build();
  }

  /** The release's RAP zero-shot recipe ({@code configs/rap_zs.yaml}): 256×192, weight decay 5e-4, plateau. */
  public static AttributeTrainConfig releaseRap(SwinConfig arch) {
    return release(arch).toBuilder().input(256, 192).weightDecay(5e-4).build();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** This configuration with another backbone architecture. */
  public AttributeTrainConfig withArch(SwinConfig arch) {
    return toBuilder().arch(arch).build();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Changes parts of a configuration by name: {@code release(arch).toBuilder().epochs(2).build()}. */
  public static final class Builder {
    private Model model;
    private ImageSize input;
    private int batchSize;
    private Optimizer optimizer;
    private Schedule schedule;
    private Augmentation augmentation;
    private long seed;

    private Builder(AttributeTrainConfig c) {
      model = c.model;
      input = c.input;
      batchSize = c.batchSize;
      optimizer = c.optimizer;
      schedule = c.schedule;
      augmentation = c.augmentation;
      seed = c.seed;
    }

    public Builder arch(SwinConfig arch) {
      model = new Model(arch, model.pretrained(), model.semanticWeight(), model.trainBackbone());
      return this;
    }

    /** Start from this checkpoint (null: random backbone). */
    public Builder pretrained(String checkpoint) {
      model = new Model(model.arch(), checkpoint, model.semanticWeight(), model.trainBackbone());
      return this;
    }

    public Builder semanticWeight(double lambda) {
      model = new Model(model.arch(), model.pretrained(), lambda, model.trainBackbone());
      return this;
    }

    /** Whether the backbone trains; false: a linear probe of the frozen backbone. */
    public Builder trainBackbone(boolean train) {
      model = new Model(model.arch(), model.pretrained(), model.semanticWeight(), train);
      return this;
    }

    public Builder input(int height, int width) {
      input = new ImageSize(height, width);
      return this;
    }

    public Builder batchSize(int n) {
      batchSize = n;
      return this;
    }

    public Builder optimizer(Optimizer o) {
      optimizer = o;
      return this;
    }

    /** The learning rates of the backbone ({@code LR_FT}) and the head ({@code LR_NEW}). */
    public Builder learningRates(double backbone, double head) {
      optimizer = new Optimizer(optimizer.beta1(), optimizer.beta2(), optimizer.epsilon(), backbone, head,
          optimizer.weightDecay(), optimizer.clipNorm());
      return this;
    }

    public Builder weightDecay(double wd) {
      optimizer = new Optimizer(optimizer.beta1(), optimizer.beta2(), optimizer.epsilon(), optimizer.backboneLr(),
          optimizer.headLr(), wd, optimizer.clipNorm());
      return this;
    }

    /** The global gradient-norm bound (0: no clipping). */
    public Builder clipNorm(double norm) {
      optimizer = new Optimizer(optimizer.beta1(), optimizer.beta2(), optimizer.epsilon(), optimizer.backboneLr(),
          optimizer.headLr(), optimizer.weightDecay(), norm);
      return this;
    }

    public Builder schedule(Schedule s) {
      schedule = s;
      return this;
    }

    public Builder epochs(int epochs) {
      schedule = new Schedule(epochs, schedule.kind(), schedule.factor(), schedule.patience(), schedule.milestones());
      return this;
    }

    public Builder augmentation(Augmentation a) {
      augmentation = a;
      return this;
    }

    public Builder seed(long s) {
      seed = s;
      return this;
    }

    public AttributeTrainConfig build() {
      return new AttributeTrainConfig(model, input, batchSize, optimizer, schedule, augmentation, seed);
    }
  }
}
