package io.solider.ssl.trainer;

import io.solider.nn.backbone.SwinConfig;
import io.solider.ssl.augment.MultiCropConfig;
import io.solider.ssl.heads.HeadConfig;

/**
 * What a SOLIDER pretraining run learns (how it is driven is {@code TrainingOptions});
 * {@link #release} gives the release's values ({@code main_solider.py}, {@code run_solider.sh}),
 * named in each part's Javadoc.
 *
 * @param arch student/teacher backbone (drop path applies to the student only)
 * @param crops multi-crop augmentation
 * @param heads DINO head and part classifier
 * @param semantic the semantic (part) loss
 * @param schedule epochs and the per-iteration learning-rate and weight-decay schedules
 * @param training batch size, gradient clipping, the frozen last layer
 * @param distillation teacher momentum, temperatures, center
 * @param seed seeds every random choice of the run
 */
public record PretrainConfig(SwinConfig arch, MultiCropConfig crops, Heads heads, Semantic semantic, Schedule schedule,
    Training training, Distillation distillation, long seed) {

  public PretrainConfig {
    require(arch != null && crops != null && heads != null && semantic != null && schedule != null
        && training != null && distillation != null, "every part of the pretraining configuration is required");
    require(heads.part().outDim() == semantic.parts() + 1, "part head needs parts + 1 = " + (semantic.parts() + 1)
        + " outputs, has " + heads.part().outDim());
    require(distillation.warmupTeacherTempEpochs() <= schedule.epochs(),
        "teacher-temperature warm-up epochs must be in [0, epochs]");
    require(crops.globalHeight() % (arch.patchSize() * 8) == 0 && crops.globalWidth() % (arch.patchSize() * 8) == 0,
        "global crop size must be a multiple of " + arch.patchSize() * 8 + " (last-stage stride) so part maps"
            + " upsample exactly, got " + crops.globalHeight() + "x" + crops.globalWidth());
  }

  /**
   * The two heads on the pooled feature.
   *
   * @param dino the DINO head (2048, 256, 3 layers, K = 65536)
   * @param part the part classifier (the same MLP, parts + 1 outputs)
   */
  public record Heads(HeadConfig dino, HeadConfig part) {}

  /**
   * The semantic part loss.
   *
   * @param parts P, body parts found by the semantic clustering (3)
   * @param lossWeight weight of the semantic loss (1.0)
   * @param trainPartClassifier the release never gives the part classifier to the optimiser (its
   *     weights stay at their initial values); true also trains it
   * @param fixedLambda null (the release): each image's λ is drawn from {0, 1} per step; a value
   *     fixes λ for every image, which with {@code lossWeight} 0 gives plain DINO (no clustering, no
   *     masked views, a semantic controller that always sees the same λ) — the paper's ablation
   */
  public record Semantic(int parts, double lossWeight, boolean trainPartClassifier, Double fixedLambda) {
    public Semantic {
      require(parts >= 1, "parts must be >= 1, got " + parts);
      require(lossWeight >= 0, "semantic loss weight must be >= 0, got " + lossWeight);
      require(fixedLambda == null || fixedLambda >= 0 && fixedLambda <= 1, "a fixed λ must be in [0, 1], got "
          + fixedLambda);
    }

    /** The release's: λ drawn per image. */
    public Semantic(int parts, double lossWeight, boolean trainPartClassifier) {
      this(parts, lossWeight, trainPartClassifier, null);
    }
  }

  /**
   * Epochs and DINO's cosine schedules (per iteration).
   *
   * @param epochs training epochs (100)
   * @param warmupEpochs linear learning-rate warm-up epochs (10)
   * @param baseLr learning rate for a batch of 256; the run uses baseLr·batch/256 (5e-4)
   * @param minLr final learning rate of the cosine (1e-6)
   * @param weightDecay weight decay at the start of its cosine (0.04)
   * @param weightDecayEnd weight decay at the end (0.4)
   */
  public record Schedule(int epochs, int warmupEpochs, double baseLr, double minLr, double weightDecay,
      double weightDecayEnd) {
    public Schedule {
      require(epochs >= 1, "epochs must be >= 1, got " + epochs);
      require(warmupEpochs >= 0 && warmupEpochs <= epochs, "warm-up epochs must be in [0, epochs], got "
          + warmupEpochs);
      require(baseLr >= 0 && minLr >= 0, "learning rates must be >= 0");
    }
  }

  /**
   * The optimiser step.
   *
   * @param batchSize images per step (the release: 48 per GPU × 8)
   * @param clipGrad per-parameter gradient-norm clip, 0 disables (3.0)
   * @param freezeLastLayerEpochs epochs during which the DINO head's last layer is not updated (1)
   */
  public record Training(int batchSize, double clipGrad, int freezeLastLayerEpochs) {
    public Training {
      require(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
      require(clipGrad >= 0, "clipGrad must be >= 0");
      require(freezeLastLayerEpochs >= 0, "freezeLastLayerEpochs must be >= 0");
    }
  }

  /**
   * Self-distillation.
   *
   * @param momentumTeacher EMA momentum at the start of its cosine to 1 (0.996)
   * @param teacherTemp DINO teacher temperature (0.04)
   * @param warmupTeacherTemp teacher temperature at epoch 0 (0.04)
   * @param warmupTeacherTempEpochs teacher-temperature warm-up epochs (0)
   * @param studentTemp DINO student temperature (0.1)
   * @param centerMomentum DINO center EMA momentum (0.9)
   */
  public record Distillation(double momentumTeacher, double teacherTemp, double warmupTeacherTemp,
      int warmupTeacherTempEpochs, double studentTemp, double centerMomentum) {
    public Distillation {
      require(momentumTeacher >= 0 && momentumTeacher <= 1, "teacher momentum must be in [0, 1]");
      require(warmupTeacherTempEpochs >= 0, "teacher-temperature warm-up epochs must be >= 0");
    }
  }

  /** The release's recipe for a backbone. */
  public static PretrainConfig release(SwinConfig arch) {
    return new PretrainConfig(arch, MultiCropConfig.release(),
        new Heads(HeadConfig.dino(), HeadConfig.partClassifier(3)), new Semantic(3, 1.0, false),
        new Schedule(100, 10, 5e-4, 1e-6, 0.04, 0.4), new Training(48, 3.0, 1),
        new Distillation(0.996, 0.04, 0.04, 0, 0.1, 0.9), 0);
  }

  /** Learning rate at the end of the warm-up: baseLr · batch / 256 (linear scaling rule). */
  public double peakLr() {
    return schedule.baseLr() * training.batchSize() / 256.0;
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Changes parts of a configuration by name: {@code release(arch).toBuilder().epochs(2, 1).build()}. */
  public static final class Builder {
    private SwinConfig arch;
    private MultiCropConfig crops;
    private Heads heads;
    private Semantic semantic;
    private Schedule schedule;
    private Training training;
    private Distillation distillation;
    private long seed;

    private Builder(PretrainConfig c) {
      arch = c.arch;
      crops = c.crops;
      heads = c.heads;
      semantic = c.semantic;
      schedule = c.schedule;
      training = c.training;
      distillation = c.distillation;
      seed = c.seed;
    }

    public Builder arch(SwinConfig a) {
      arch = a;
      return this;
    }

    public Builder crops(MultiCropConfig c) {
      crops = c;
      return this;
    }

    public Builder heads(HeadConfig dino, HeadConfig part) {
      heads = new Heads(dino, part);
      return this;
    }

    public Builder semantic(Semantic s) {
      semantic = s;
      return this;
    }

    /** Also trains the part classifier (the release does not). */
    public Builder trainPartClassifier(boolean train) {
      semantic = new Semantic(semantic.parts(), semantic.lossWeight(), train, semantic.fixedLambda());
      return this;
    }

    /**
     * Plain DINO, the paper's ablation: no semantic loss (so no clustering and no masked views)
     * and the same λ for every image.
     */
    public Builder dinoOnly(double lambda) {
      semantic = new Semantic(semantic.parts(), 0, semantic.trainPartClassifier(), lambda);
      return this;
    }

    public Builder schedule(Schedule s) {
      schedule = s;
      return this;
    }

    public Builder epochs(int epochs, int warmupEpochs) {
      schedule = new Schedule(epochs, warmupEpochs, schedule.baseLr(), schedule.minLr(), schedule.weightDecay(),
          schedule.weightDecayEnd());
      return this;
    }

    /** Base learning rate (for a batch of 256) and the cosine's final rate. */
    public Builder lr(double base, double min) {
      schedule = new Schedule(schedule.epochs(), schedule.warmupEpochs(), base, min, schedule.weightDecay(),
          schedule.weightDecayEnd());
      return this;
    }

    public Builder training(Training t) {
      training = t;
      return this;
    }

    public Builder batchSize(int b) {
      training = new Training(b, training.clipGrad(), training.freezeLastLayerEpochs());
      return this;
    }

    public Builder freezeLastLayerEpochs(int n) {
      training = new Training(training.batchSize(), training.clipGrad(), n);
      return this;
    }

    public Builder teacherMomentum(double m) {
      Distillation d = distillation;
      distillation = new Distillation(m, d.teacherTemp(), d.warmupTeacherTemp(), d.warmupTeacherTempEpochs(),
          d.studentTemp(), d.centerMomentum());
      return this;
    }

    /** The teacher temperature, the same from the first epoch (no warm-up). */
    public Builder teacherTemperature(double t) {
      Distillation d = distillation;
      distillation = new Distillation(d.momentumTeacher(), t, t, 0, d.studentTemp(), d.centerMomentum());
      return this;
    }

    public Builder distillation(Distillation d) {
      distillation = d;
      return this;
    }

    public Builder seed(long s) {
      seed = s;
      return this;
    }

    public PretrainConfig build() {
      return new PretrainConfig(arch, crops, heads, semantic, schedule, training, distillation, seed);
    }
  }
}
