package io.solider.tasks.pose.train;

import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.image.ImageSize;
import io.solider.nn.train.BackboneModel;
import io.solider.tasks.pose.data.TopDownTrainTransform;
import java.util.List;

/**
 * What a pose training run learns (how it is driven is {@code TrainingOptions}). {@link #release}
 * gives SOLIDER-HumanPose's recipe for a backbone size
 * ({@code configs/body/2d_kpt_sview_rgb_img/topdown_heatmap/coco/swin_{tiny,small,base}_coco_384x288_release.py});
 * each part's Javadoc gives the release's values.
 *
 * @param model backbone, starting checkpoint and λ (release: 0.8, the config's {@code semantic_weight}); the
 *     pose variant's strides 4, 2, 1, 1 and drop path 0 are applied to any architecture
 * @param input crop size (384×288 = {@code image_size [288, 384]}); heatmaps come out at 1/4
 * @param batchSize images per step (the release's 8 GPUs × {@code samples_per_gpu}: T 128, S 64,
 *     B 96; its batch norm sees each GPU's share, here the whole batch)
 * @param optimizer AdamW settings
 * @param schedule epochs, step decay and warm-up
 * @param augmentation the training pipeline's random parts and the target σ
 * @param test how the evaluation during training predicts
 * @param seed seeds every random choice (the release sets none: {@code cfg.seed} is None)
 */
public record PoseTrainConfig(BackboneModel model, ImageSize input, int batchSize, Optimizer optimizer, Schedule schedule,
    Augmentation augmentation, Test test, long seed) {

  public PoseTrainConfig {
    require(model != null && input != null && optimizer != null && schedule != null && augmentation != null
        && test != null, "every part of the pose configuration is required");
    require(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
  }


  /**
   * AdamW (torch's, ε 1e-8) with mmcv's parameter groups: {@code relative_position_bias_table}
   * without decay ({@code decay_mult=0}), every other parameter — norms and biases included — with
   * {@code weightDecay}.
   *
   * @param lr base learning rate (T 7e-4, S/B 1e-3)
   * @param weightDecay (T 0, S/B 0.01)
   * @param beta1 (0.9)
   * @param beta2 (0.999)
   */
  public record Optimizer(double lr, double weightDecay, double beta1, double beta2) {
    public Optimizer {
      require(lr > 0, "learning rate must be > 0, got " + lr);
      require(weightDecay >= 0, "weight decay must be >= 0, got " + weightDecay);
      require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas must be in [0, 1)");
    }
  }

  /**
   * mmcv's {@code lr_config=dict(policy='step', warmup='linear', …)}: lr × γ^(steps passed) per
   * epoch, and over the first {@code warmupIterations} iterations × (1 − (1 − i/W)(1 − ratio)).
   *
   * @param epochs training epochs (T/S 210, B 160)
   * @param steps epochs at which lr is multiplied by γ (T/S 170, 200; B 120, 150)
   * @param gamma the step factor (0.1)
   * @param warmupIterations linear warm-up iterations (11,710)
   * @param warmupRatio the warm-up's starting factor (0.001)
   */
  public record Schedule(int epochs, List<Integer> steps, double gamma, int warmupIterations, double warmupRatio) {
    public Schedule {
      require(epochs >= 1, "epochs must be >= 1, got " + epochs);
      steps = List.copyOf(steps);
      for (int s : steps) {
        require(s >= 0, "lr steps must be >= 0, got " + s);
      }
      require(gamma > 0, "gamma must be > 0, got " + gamma);
      require(warmupIterations >= 0, "warm-up iterations must be >= 0, got " + warmupIterations);
      require(warmupRatio > 0 && warmupRatio <= 1, "warm-up ratio must be in (0, 1], got " + warmupRatio);
    }

    public int[] stepArray() {
      return steps.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /**
   * The training pipeline's random parts ({@link TopDownTrainTransform}) and the targets.
   *
   * @param flipProbability {@code TopDownRandomFlip} flip_prob (0.5)
   * @param halfBodyJoints {@code num_joints_half_body} (8)
   * @param halfBodyProbability {@code prob_half_body} (0.3)
   * @param scaleFactor {@code scale_factor} (0.5)
   * @param rotationFactor {@code rot_factor} in degrees (40)
   * @param rotationProbability {@code rot_prob} (0.6)
   * @param sigma {@code TopDownGenerateTarget} σ in heatmap pixels (2)
   */
  public record Augmentation(double flipProbability, int halfBodyJoints, double halfBodyProbability,
      double scaleFactor, double rotationFactor, double rotationProbability, int sigma) {
    public Augmentation {
      require(sigma >= 1, "sigma must be >= 1, got " + sigma);
    }

    /** The release's pipeline. */
    public static Augmentation release() {
      return new Augmentation(0.5, 8, 0.3, 0.5, 40, 0.6, 2);
    }

    /** The same augmentation with targets of σ {@code s} heatmap pixels. */
    public Augmentation withSigma(int s) {
      return new Augmentation(flipProbability, halfBodyJoints, halfBodyProbability, scaleFactor, rotationFactor,
          rotationProbability, s);
    }

    /** The transform's settings for a crop of {@code input}. */
    public TopDownTrainTransform.Config transform(ImageSize input) {
      return new TopDownTrainTransform.Config(input.width(), input.height(), flipProbability, halfBodyJoints,
          halfBodyProbability, scaleFactor, rotationFactor, rotationProbability);
    }
  }

  /**
   * How the model is evaluated ({@code test_cfg} and {@code data_cfg}).
   *
   * @param flipTest average with the mirrored crop's heatmaps ({@code flip_test=True}, {@code shift_heatmap=True})
   * @param visThreshold keypoint scores above this count toward the person's score ({@code vis_thr} 0.2)
   * @param oksThreshold OKS-NMS threshold ({@code oks_thr} 0.9)
   * @param batchSize crops per forward pass (the release's {@code samples_per_gpu})
   */
  public record Test(boolean flipTest, double visThreshold, double oksThreshold, int batchSize) {
    public Test {
      require(batchSize >= 1, "test batch size must be >= 1, got " + batchSize);
      require(visThreshold >= 0 && oksThreshold > 0, "thresholds must be >= 0 (vis) and > 0 (OKS)");
    }
  }

  /** Whether {@code arch} is Swin-T sized or smaller (the tiny config's recipe) rather than Swin-S/B. */
  static boolean tinyRecipe(SwinConfig arch) {
    return arch.totalBlocks() <= SwinConfig.tiny().totalBlocks() && arch.embedDim() <= SwinConfig.tiny().embedDim();
  }

  /** Whether {@code arch} is Swin-B sized (embed ≥ 128): the base config's shorter schedule. */
  static boolean baseRecipe(SwinConfig arch) {
    return arch.embedDim() >= SwinConfig.base().embedDim();
  }

  /**
   * The release's recipe for {@code arch}'s size: Swin-T (and smaller custom backbones) the tiny
   * config, Swin-B (embed ≥ 128) the base config, anything else the small config.
   */
  public static PoseTrainConfig release(SwinConfig arch) {
    boolean tiny = tinyRecipe(arch);
    boolean base = !tiny && baseRecipe(arch);
    Optimizer opt = new Optimizer(tiny ? 7e-4 : 1e-3, tiny ? 0 : 0.01, 0.9, 0.999);
    Schedule schedule = base ? new Schedule(160, List.of(120, 150), 0.1, 11710, 0.001)
        : new Schedule(210, List.of(170, 200), 0.1, 11710, 0.001);
    int perGpu = tiny ? 16 : base ? 12 : 8;
    return new PoseTrainConfig(BackboneModel.fromScratch(arch, 0.8), new ImageSize(384, 288), 8 * perGpu, opt, schedule,
        Augmentation.release(), new Test(true, 0.2, 0.9, perGpu), 0);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** This configuration with another backbone architecture (the recipe's numbers unchanged). */
  public PoseTrainConfig withArch(SwinConfig arch) {
    return toBuilder().arch(arch).build();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Changes parts of a configuration by name: {@code release(arch).toBuilder().epochs(20).build()}. */
  public static final class Builder {
    private BackboneModel model;
    private ImageSize input;
    private int batchSize;
    private Optimizer optimizer;
    private Schedule schedule;
    private Augmentation augmentation;
    private Test test;
    private long seed;

    private Builder(PoseTrainConfig c) {
      model = c.model;
      input = c.input;
      batchSize = c.batchSize;
      optimizer = c.optimizer;
      schedule = c.schedule;
      augmentation = c.augmentation;
      test = c.test;
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

    public Builder batchSize(int n) {
      batchSize = n;
      return this;
    }

    public Builder lr(double lr) {
      optimizer = new Optimizer(lr, optimizer.weightDecay(), optimizer.beta1(), optimizer.beta2());
      return this;
    }

    public Builder weightDecay(double wd) {
      optimizer = new Optimizer(optimizer.lr(), wd, optimizer.beta1(), optimizer.beta2());
      return this;
    }

    /** Epochs and the epochs of the ×γ steps. */
    public Builder epochs(int epochs, List<Integer> steps) {
      schedule = new Schedule(epochs, steps, schedule.gamma(), schedule.warmupIterations(), schedule.warmupRatio());
      return this;
    }

    public Builder warmup(int iterations, double ratio) {
      schedule = new Schedule(schedule.epochs(), schedule.steps(), schedule.gamma(), iterations, ratio);
      return this;
    }

    public Builder augmentation(Augmentation a) {
      augmentation = a;
      return this;
    }

    public Builder test(Test t) {
      test = t;
      return this;
    }

    /** Flip test on or off, the rest of the test settings kept. */
    public Builder flipTest(boolean on) {
      test = new Test(on, test.visThreshold(), test.oksThreshold(), test.batchSize());
      return this;
    }

    public Builder seed(long s) {
      seed = s;
      return this;
    }

    public PoseTrainConfig build() {
      return new PoseTrainConfig(model, input, batchSize, optimizer, schedule, augmentation, test, seed);
    }
  }
}
