package io.solider.tasks.detection.train;

import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.image.ImageSize;
import io.solider.nn.train.BackboneModel;
import io.solider.tasks.detection.data.CspAugmentation;
import io.solider.tasks.detection.head.CspHead;
import io.solider.tasks.detection.loss.CspLoss;
import java.util.List;

/**
 * What a CSP pedestrian-detection run learns (how it is driven is {@code TrainingOptions}).
 * {@link #release} gives the SOLIDER-PedestrianDetection recipe ({@code configs/solider/cp/swin_*.py}
 * in the Pedestron fork); each part's Javadoc gives the release's values.
 *
 * @param model backbone, starting checkpoint, λ, neck and head widths
 * @param input training crop, test scale, images per step
 * @param optimizer Adam
 * @param schedule epochs, steps and warm-up
 * @param meanTeacher the evaluated exponential average of the weights
 * @param augmentation the training augmentation's ranges
 * @param loss the loss terms' weights
 * @param seed seeds every random choice (the release sets none; 0 here)
 */
public record CspTrainConfig(Model model, Input input, Optimizer optimizer, Schedule schedule, MeanTeacher meanTeacher,
    Augmentation augmentation, Loss loss, long seed) {

  public CspTrainConfig {
    if (model == null || input == null || optimizer == null || schedule == null || meanTeacher == null
        || augmentation == null || loss == null) {
      throw new IllegalArgumentException("every part of the detection configuration is required");
    }
  }

  /**
   * The model.
   *
   * @param arch architecture of a backbone trained from scratch; with {@code pretrained} the
   *     checkpoint's architecture is used and only this drop-path rate is kept (0.1, {@code SwinTiny})
   * @param pretrained SOLIDER checkpoint to start from (any layout {@code Checkpoints} reads), or null
   * @param semanticWeight λ (1.0, {@code semantic_weight} of the config)
   * @param neckChannels channels of each of the neck's three maps (256, fixed in {@code CSPNeck})
   * @param headChannels channels of each head branch ({@code feat_channels} 256)
   */
  public record Model(SwinConfig arch, String pretrained, double semanticWeight, int neckChannels, int headChannels) {
    public Model {
      BackboneModel.validate(arch, semanticWeight);
      require(neckChannels >= 1 && headChannels >= 32 && headChannels % 32 == 0,
          "neck channels must be >= 1 and head channels a positive multiple of 32 (group norm), got " + neckChannels
              + " and " + headChannels);
    }

    /** The neck and head widths on this backbone. */
    public CspHead.Spec head() {
      return CspHead.Spec.release(arch).withWidths(neckChannels, headChannels);
    }
  }

  /**
   * Sizes.
   *
   * @param crop training crop height × width (1024×2048, {@code img_scale (2048, 1024)}); multiples of 32
   * @param testScale the test image is rescaled to fit this (1024×2048: CityPersons' images as they are)
   * @param batch images per step ({@code imgs_per_gpu} 3 on one GPU; × GPUs in distributed training)
   */
  public record Input(ImageSize crop, ImageSize testScale, int batch) {
    public Input {
      require(crop != null && testScale != null, "crop and test scale are required");
      require(crop.height() % 32 == 0 && crop.width() % 32 == 0,
          "the training crop must be a multiple of 32 on both sides, got " + crop);
      require(batch >= 1, "batch must be >= 1, got " + batch);
    }
  }

  /**
   * torch's Adam on every parameter, no clipping.
   *
   * @param lr learning rate (1e-4)
   * @param weightDecay coupled L2 decay (0)
   * @param beta1 (0.9)
   * @param beta2 (0.999)
   * @param epsilon (1e-8)
   */
  public record Optimizer(double lr, double weightDecay, double beta1, double beta2, double epsilon) {
    public Optimizer {
      require(lr > 0, "learning rate must be > 0, got " + lr);
      require(weightDecay >= 0, "weight decay must be >= 0, got " + weightDecay);
    }
  }

  /**
   * mmcv's step policy with a constant warm-up, by epoch.
   *
   * @param epochs training epochs (240)
   * @param steps epochs at which the rate is multiplied by {@code gamma} (110, 160)
   * @param gamma the factor (0.1)
   * @param warmupIterations first iterations at {@code warmupRatio} × the rate (500)
   * @param warmupRatio (1/3)
   */
  public record Schedule(int epochs, List<Integer> steps, double gamma, int warmupIterations, double warmupRatio) {
    public Schedule {
      steps = List.copyOf(steps);
      require(epochs >= 1, "epochs must be >= 1, got " + epochs);
      require(gamma > 0 && warmupRatio > 0 && warmupIterations >= 0, "gamma, warm-up ratio > 0 and iterations >= 0");
    }
  }

  /**
   * The mean teacher ({@code mean_teacher = True}, {@code optimizer_config.mean_teacher.alpha}): after
   * every optimiser step, {@code t ← α·t + (1 − α)·s} over the whole state dict; evaluated and saved.
   *
   * @param enabled whether to keep and evaluate it (true); off, the trained weights are evaluated
   * @param alpha (0.999)
   */
  public record MeanTeacher(boolean enabled, double alpha) {
    public MeanTeacher {
      require(alpha >= 0 && alpha < 1, "mean-teacher α must be in [0, 1), got " + alpha);
    }
  }

  /**
   * The random ranges of the training augmentation (brightness, flip ½, resize, crop or paste).
   *
   * @param minScale smallest resize factor (0.4)
   * @param maxScale largest resize factor (1.5)
   * @param minBrightness smallest V factor (0.5)
   * @param maxBrightness largest V factor (2)
   */
  public record Augmentation(double minScale, double maxScale, double minBrightness, double maxBrightness) {
    public Augmentation {
      require(minScale > 0 && minScale <= maxScale && minBrightness >= 0 && minBrightness <= maxBrightness,
          "augmentation ranges must be ordered and positive");
    }

    /** The augmentation with a crop of {@code crop}. */
    public CspAugmentation.Config toConfig(ImageSize crop) {
      return new CspAugmentation.Config(crop.height(), crop.width(), minScale, maxScale, minBrightness, maxBrightness);
    }
  }

  /**
   * The loss weights ({@code loss_weight}s: centre 0.01, scale 1, offset 0.1).
   */
  public record Loss(double center, double scale, double offset) {
    public Loss {
      require(center >= 0 && scale >= 0 && offset >= 0, "loss weights must be >= 0");
    }

    public CspLoss.Weights weights() {
      return new CspLoss.Weights(center, scale, offset);
    }
  }

  /** The release's recipe on {@code arch} (Swin-T, -S or -B; batch 2 for -B as its config). */
  public static CspTrainConfig release(SwinConfig arch) {
    int batch = arch.embedDim() > SwinConfig.tiny().embedDim() ? 2 : 3;
    return new CspTrainConfig(new Model(arch, null, 1.0, 256, 256),
        new Input(new ImageSize(1024, 2048), new ImageSize(1024, 2048), batch),
        new Optimizer(1e-4, 0, 0.9, 0.999, 1e-8), new Schedule(240, List.of(110, 160), 0.1, 500, 1.0 / 3),
        new MeanTeacher(true, 0.999), new Augmentation(0.4, 1.5, 0.5, 2.0), new Loss(0.01, 1, 0.1), 0);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** This configuration with another backbone architecture. */
  public CspTrainConfig withArch(SwinConfig arch) {
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
    private Input input;
    private Optimizer optimizer;
    private Schedule schedule;
    private MeanTeacher meanTeacher;
    private Augmentation augmentation;
    private Loss loss;
    private long seed;

    private Builder(CspTrainConfig c) {
      model = c.model;
      input = c.input;
      optimizer = c.optimizer;
      schedule = c.schedule;
      meanTeacher = c.meanTeacher;
      augmentation = c.augmentation;
      loss = c.loss;
      seed = c.seed;
    }

    public Builder arch(SwinConfig arch) {
      model = new Model(arch, model.pretrained(), model.semanticWeight(), model.neckChannels(), model.headChannels());
      return this;
    }

    /** Start from this checkpoint (null: random backbone). */
    public Builder pretrained(String checkpoint) {
      model = new Model(model.arch(), checkpoint, model.semanticWeight(), model.neckChannels(), model.headChannels());
      return this;
    }

    public Builder semanticWeight(double lambda) {
      model = new Model(model.arch(), model.pretrained(), lambda, model.neckChannels(), model.headChannels());
      return this;
    }

    /** Neck and head widths (the release: 256 and 256). */
    public Builder widths(int neck, int head) {
      model = new Model(model.arch(), model.pretrained(), model.semanticWeight(), neck, head);
      return this;
    }

    public Builder crop(int height, int width) {
      input = new Input(new ImageSize(height, width), input.testScale(), input.batch());
      return this;
    }

    public Builder testScale(int height, int width) {
      input = new Input(input.crop(), new ImageSize(height, width), input.batch());
      return this;
    }

    public Builder batch(int n) {
      input = new Input(input.crop(), input.testScale(), n);
      return this;
    }

    public Builder lr(double lr) {
      optimizer = new Optimizer(lr, optimizer.weightDecay(), optimizer.beta1(), optimizer.beta2(), optimizer.epsilon());
      return this;
    }

    public Builder weightDecay(double wd) {
      optimizer = new Optimizer(optimizer.lr(), wd, optimizer.beta1(), optimizer.beta2(), optimizer.epsilon());
      return this;
    }

    public Builder schedule(Schedule s) {
      schedule = s;
      return this;
    }

    /** Epochs and the epochs at which the rate drops, keeping gamma and the warm-up. */
    public Builder epochs(int epochs, List<Integer> steps) {
      schedule = new Schedule(epochs, steps, schedule.gamma(), schedule.warmupIterations(), schedule.warmupRatio());
      return this;
    }

    public Builder warmup(int iterations, double ratio) {
      schedule = new Schedule(schedule.epochs(), schedule.steps(), schedule.gamma(), iterations, ratio);
      return this;
    }

    public Builder meanTeacher(boolean enabled, double alpha) {
      meanTeacher = new MeanTeacher(enabled, alpha);
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

    public Builder seed(long s) {
      seed = s;
      return this;
    }

    public CspTrainConfig build() {
      return new CspTrainConfig(model, input, optimizer, schedule, meanTeacher, augmentation, loss, seed);
    }
  }
}
