package io.solider.tasks.search.train;

import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.train.BackboneModel;
import io.solider.tasks.search.data.RcnnTransform;
import io.solider.tasks.search.head.ProposalFilter;
import io.solider.tasks.search.head.SearchPostProcess;
import io.solider.tasks.search.loss.SearchLossWeights;
import java.util.Arrays;

/**
 * What a person-search training run learns (how it is driven is {@code TrainingOptions}).
 * {@link #release} gives the SOLIDER-PersonSearch recipe ({@code defaults.py}, {@code configs/*.yaml},
 * {@code run.sh}, {@code models/seqnet.py}, {@code engine.py}); {@link #cpuPreset} a small one for
 * the synthetic sets on a CPU. Each part's Javadoc gives the release's values.
 *
 * @param model backbone, starting checkpoint, λ and OIM's table sizes
 * @param input image scale, batch and flip
 * @param detector the RPN's and the RoI heads' sampling and filtering
 * @param optimizer SGD and clipping
 * @param schedule epochs, warm-up and step decay
 * @param loss the seven loss terms' weights
 * @param seed seeds every random choice ({@code SEED} 1)
 */
public record SearchTrainConfig(Model model, Input input, Detector detector, Optimizer optimizer, Schedule schedule,
    SearchLossWeights loss, long seed) {

  /** run.sh's learning rate ({@code SOLVER.BASE_LR 0.0003}; {@code defaults.py}: 0.003). */
  public static final double RELEASE_LR = 3e-4;

  /**
   * The CPU preset's learning rate: {@code defaults.py}'s {@code SOLVER.BASE_LR}, ten times run.sh's.
   * At run.sh's rate the detector barely moves in the few hundred steps a CPU run has; at 0.02 the
   * embeddings collapse onto one direction and carry no identity, most likely because OIM's look-up
   * table, each row refreshed once per epoch, cannot follow an embedding that turns that fast
   * (docs/SEARCH.md, "The learning rate").
   */
  public static final double CPU_PRESET_LR = 3e-3;

  public SearchTrainConfig {
    if (model == null || input == null || detector == null || optimizer == null || schedule == null || loss == null) {
      throw new IllegalArgumentException("every part of the person-search configuration is required");
    }
  }

  /** The data sets the release has a configuration for. */
  public enum Dataset {
    /** {@code configs/cuhk_sysu.yaml}: 20 epochs, LUT 5532, queue 5000. */
    CUHK_SYSU(20, 5532, 5000),
    /** {@code configs/prw.yaml}: 18 epochs, LUT 482, queue 500. */
    PRW(18, 482, 500);

    private final int epochs;
    private final int lutSize;
    private final int queueSize;

    Dataset(int epochs, int lutSize, int queueSize) {
      this.epochs = epochs;
      this.lutSize = lutSize;
      this.queueSize = queueSize;
    }

    /** The data set of a reader's name ({@code cuhk_sysu} or {@code prw}). */
    public static Dataset of(String name) {
      return switch (name) {
        case "cuhk_sysu", "cuhk" -> CUHK_SYSU;
        case "prw" -> PRW;
        default -> throw new IllegalArgumentException("person search trains on cuhk_sysu or prw, not " + name);
      };
    }
  }

  /**
   * The model.
   *
   * @param arch backbone architecture (its drop-path rate is used: 0.1, {@code build_swin}); with
   *     {@code pretrained} the checkpoint's architecture is used
   * @param pretrained SOLIDER checkpoint whose backbone goes into the trunk and the re-id head
   *     ({@code resume_from_ckpt}), or null for a random backbone
   * @param semanticWeight λ (0.6, run.sh's {@code MODEL.SEMANTIC_WEIGHT})
   * @param lutSize OIM look-up table rows ({@code MODEL.LOSS.LUT_SIZE}: CUHK-SYSU 5532, PRW 482)
   * @param queueSize OIM circular queue rows ({@code MODEL.LOSS.CQ_SIZE}: 5000, 500)
   */
  public record Model(SwinConfig arch, String pretrained, double semanticWeight, int lutSize, int queueSize) {
    public Model {
      BackboneModel.validate(arch, semanticWeight);
      require(lutSize >= 1 && queueSize >= 1, "OIM table sizes must be >= 1, got " + lutSize + " and " + queueSize);
    }
  }

  /**
   * Input scale and batch.
   *
   * @param minSize shorter side after resizing ({@code INPUT.MIN_SIZE} 900)
   * @param maxSize longest allowed side ({@code INPUT.MAX_SIZE} 1500)
   * @param batchSize images per step (run.sh: 4 for Swin-T, 3 for Swin-S, 2 for Swin-B)
   */
  public record Input(int minSize, int maxSize, int batchSize) {
    public Input {
      require(minSize >= 32 && maxSize >= minSize, "image sizes need 32 <= min <= max, got " + minSize + ", " + maxSize);
      require(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
    }

    /** The model's input transform at these sizes. */
    public RcnnTransform transform() {
      return RcnnTransform.seqNet().withSizes(minSize, maxSize);
    }
  }

  /**
   * The detector's sampling and filtering (thresholds not listed are the release's fixed ones:
   * RPN IoU 0.7/0.3, RoI IoU 0.5, proposal NMS 0.7, minimum sizes 1e-3 and 1e-2).
   *
   * @param rpnTrain proposals while training (top 12000 before NMS, 2000 after)
   * @param rpnTest proposals while testing (6000, 300)
   * @param rpnBatch anchors sampled per image for the RPN loss (256, half positive at most)
   * @param roiBatch RoIs sampled per image in each stage (128, half positive at most)
   * @param detections the test post-processing (score 0.5, NMS 0.4 then 0.5, 300 per image)
   */
  public record Detector(ProposalFilter rpnTrain, ProposalFilter rpnTest, int rpnBatch, int roiBatch,
      SearchPostProcess detections) {
    public Detector {
      require(rpnTrain != null && rpnTest != null && detections != null, "detector settings are required");
      require(rpnBatch >= 1 && roiBatch >= 1, "sampled anchors and RoIs per image must be >= 1");
    }

    /** The release's values. */
    public static Detector release() {
      return new Detector(ProposalFilter.training(), ProposalFilter.testing(), 256, 128, SearchPostProcess.seqNet());
    }
  }

  /**
   * SGD on every parameter with a gradient, one group.
   *
   * @param lr base learning rate (run.sh 3e-4)
   * @param momentum (0.9)
   * @param weightDecay (5e-4, biases and norms included)
   * @param clipNorm global gradient-norm clipping ({@code SOLVER.CLIP_GRADIENTS} 10; ≤ 0: off)
   */
  public record Optimizer(double lr, double momentum, double weightDecay, double clipNorm) {
    public Optimizer {
      require(lr > 0, "learning rate must be > 0, got " + lr);
      require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
      require(weightDecay >= 0, "weight decay must be >= 0, got " + weightDecay);
    }
  }

  /**
   * Epochs and learning-rate schedule: in epoch 0 a linear warm-up from {@code warmupFactor}·lr over
   * the epoch's iterations − 1 ({@code warmup_lr_scheduler}), then {@code MultiStepLR}.
   *
   * @param epochs training epochs (CUHK-SYSU 20, PRW 18)
   * @param milestones epochs where the rate is multiplied by {@code gamma} ({@code [16]})
   * @param gamma (0.1)
   * @param warmupFactor (1/1000)
   */
  public record Schedule(int epochs, int[] milestones, double gamma, double warmupFactor) {
    public Schedule {
      require(epochs >= 1, "epochs must be >= 1, got " + epochs);
      milestones = milestones.clone();
      require(gamma > 0 && warmupFactor > 0 && warmupFactor <= 1, "gamma must be > 0 and warm-up factor in (0, 1]");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Schedule s && s.epochs == epochs && Arrays.equals(s.milestones, milestones)
          && s.gamma == gamma && s.warmupFactor == warmupFactor;
    }

    @Override
    public int hashCode() {
      return 31 * epochs + Arrays.hashCode(milestones);
    }

    @Override
    public String toString() {
      return "Schedule[epochs=" + epochs + ", milestones=" + Arrays.toString(milestones) + ", gamma=" + gamma
          + ", warmupFactor=" + warmupFactor + "]";
    }
  }

  /** The release's recipe for {@code dataset} on {@code arch} (drop path 0.1 set here). */
  public static SearchTrainConfig release(Dataset dataset, SwinConfig arch) {
    return new SearchTrainConfig(new Model(arch.withDropPathRate(0.1), null, 0.6, dataset.lutSize, dataset.queueSize),
        new Input(900, 1500, releaseBatchSize(arch)), Detector.release(),
        new Optimizer(RELEASE_LR, 0.9, 5e-4, 10), new Schedule(dataset.epochs, new int[] {16}, 0.1, 1e-3),
        SearchLossWeights.release(), 1);
  }

  /**
   * The CPU preset for the synthetic sets (480×300 scenes), a stated departure from the release:
   * the scenes at their own size (shorter side 300), batch 2, fewer proposals and RoIs (training:
   * 2000 → 300 proposals, 64 anchors and 32 RoIs per image; testing: 1000 → 100 proposals),
   * 10 epochs with the decay at epoch 8, learning rate {@link #CPU_PRESET_LR}; everything else as
   * {@link #release}.
   */
  public static SearchTrainConfig cpuPreset(Dataset dataset, SwinConfig arch) {
    SearchTrainConfig r = release(dataset, arch);
    ProposalFilter train = ProposalFilter.training();
    ProposalFilter test = ProposalFilter.testing();
    return r.toBuilder().input(new Input(300, 500, 2))
        .detector(new Detector(new ProposalFilter(2000, 300, train.nmsThresh(), train.minSize()),
            new ProposalFilter(1000, 100, test.nmsThresh(), test.minSize()), 64, 32, SearchPostProcess.seqNet()))
        .schedule(new Schedule(10, new int[] {8}, 0.1, 1e-3)).lr(CPU_PRESET_LR).build();
  }

  /** run.sh's batch: 2 for Swin-B (C = 128), 3 for Swin-S (deeper than Swin-T), 4 for Swin-T and smaller. */
  public static int releaseBatchSize(SwinConfig arch) {
    if (arch.embedDim() > SwinConfig.tiny().embedDim()) {
      return 2;
    }
    return arch.totalBlocks() > SwinConfig.tiny().totalBlocks() ? 3 : 4;
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Changes parts of a configuration by name. */
  public static final class Builder {
    private Model model;
    private Input input;
    private Detector detector;
    private Optimizer optimizer;
    private Schedule schedule;
    private SearchLossWeights loss;
    private long seed;

    private Builder(SearchTrainConfig c) {
      model = c.model;
      input = c.input;
      detector = c.detector;
      optimizer = c.optimizer;
      schedule = c.schedule;
      loss = c.loss;
      seed = c.seed;
    }

    public Builder arch(SwinConfig arch) {
      model = new Model(arch, model.pretrained(), model.semanticWeight(), model.lutSize(), model.queueSize());
      return this;
    }

    /** Start from this checkpoint (null: random backbone). */
    public Builder pretrained(String checkpoint) {
      model = new Model(model.arch(), checkpoint, model.semanticWeight(), model.lutSize(), model.queueSize());
      return this;
    }

    public Builder semanticWeight(double lambda) {
      model = new Model(model.arch(), model.pretrained(), lambda, model.lutSize(), model.queueSize());
      return this;
    }

    public Builder oimSizes(int lut, int queue) {
      model = new Model(model.arch(), model.pretrained(), model.semanticWeight(), lut, queue);
      return this;
    }

    public Builder input(Input i) {
      input = i;
      return this;
    }

    public Builder detector(Detector d) {
      detector = d;
      return this;
    }

    public Builder optimizer(Optimizer o) {
      optimizer = o;
      return this;
    }

    public Builder lr(double lr) {
      optimizer = new Optimizer(lr, optimizer.momentum(), optimizer.weightDecay(), optimizer.clipNorm());
      return this;
    }

    public Builder schedule(Schedule s) {
      schedule = s;
      return this;
    }

    public Builder loss(SearchLossWeights l) {
      loss = l;
      return this;
    }

    public Builder seed(long s) {
      seed = s;
      return this;
    }

    public SearchTrainConfig build() {
      return new SearchTrainConfig(model, input, detector, optimizer, schedule, loss, seed);
    }
  }
}
