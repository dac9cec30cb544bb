package io.solider.tasks.attribute.train;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.DropPath;
import io.solider.nn.backbone.RecomputingBackbone;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.optim.Adam;
import io.solider.nn.optim.GradientClipping;
import io.solider.nn.optim.ReduceLrOnPlateau;
import io.solider.nn.train.BestValue;
import io.solider.nn.train.NonFiniteLossException;
import io.solider.nn.train.ParameterGroup;
import io.solider.nn.train.ParameterGroups;
import io.solider.nn.train.Position;
import io.solider.nn.train.RunFolder;
import io.solider.nn.train.Schedules;
import io.solider.nn.train.TrainingRun;
import io.solider.nn.util.Seeds;
import io.solider.tasks.attribute.data.AttributeExamples;
import io.solider.tasks.attribute.data.AttributeSample;
import io.solider.tasks.attribute.data.AttributeTransform;
import io.solider.tasks.attribute.head.AttributeHead;
import io.solider.tasks.attribute.loss.WeightedBceLoss;
import io.solider.tasks.attribute.metric.AttributeEvaluation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attribute training run's state (model, Adam, the schedule, the best test mA so far) and its
 * step, in the release's order ({@code batch_engine.batch_trainer}, {@code train.trainer}):
 * <ol>
 *   <li>backbone forward with λ for every image (drop-path masks from the run's
 *       {@link Seeds.Stream#DROP_PATH} stream at the step's iteration; the release's rate is 0)
 *       through {@link RecomputingBackbone}; pooled feature = mean of the {@code norm3} map;
 *   <li>head: logits = pooled·Wᵀ + b; weighted BCE with the training split's positive ratios;
 *   <li>a NaN/Inf loss stops the step before anything changes ({@link NonFiniteLossException});
 *   <li>head backward by hand, d(pooled) into {@link RecomputingBackbone#backward} (skipped for a
 *       linear probe, whose backbone is frozen);
 *   <li>{@code clip_grad_norm_(max_norm=10)} over every gradient the loss reaches;
 *   <li>Adam per parameter group: the backbone ({@code LR_FT}) and the head ({@code LR_NEW}),
 *       weight decay on both ({@code BN_WD True}).
 * </ol>
 * After every epoch ({@link #onEpochEnd}, before the epoch's checkpoint): the test split's pass
 * ({@link AttributePredictor}); its mean loss steps ReduceLROnPlateau (the release steps it on the
 * test split's loss; a multi-step schedule needs nothing), and its mA is offered to the best so far
 * — an improvement is written as {@value #BEST_MODEL} in the release's {@code save_ckpt} layout at
 * the epoch's checkpoint.
 */
public final class AttributeTraining implements TrainingRun<AttributeExamples.Batch, AttributeStepStats> {

  private static final Logger log = LoggerFactory.getLogger(AttributeTraining.class);

  /** Kind of the training checkpoint. */
  public static final String KIND = "attribute";
  /** The latest model, a plain release state dict. */
  public static final String MODEL = "model.pth";
  /** The model of the best test mA, in the release's {@code save_ckpt} layout (its {@code ckpt_max}). */
  public static final String BEST_MODEL = "model_best.pth";

  /** The release's parameter groups, in its order: {@code finetune_params}, then {@code fresh_params}. */
  static final int BACKBONE_GROUP = 0;
  static final int HEAD_GROUP = 1;

  private final AttributeTrainConfig config;
  private final AttributeModel model;
  private final List<String> attributes;
  private final double[] positiveRatio;
  private final WeightedBceLoss loss;
  private final Adam adam;
  private final ReduceLrOnPlateau plateau;
  private final double[][] multiStep;
  private final BestValue best;
  private final ParameterGroups groups;
  private List<AttributeSample> testSplit = List.of();
  private RecomputingBackbone recomputing;
  private EpochTest lastTest;
  private boolean bestPending;

  /**
   * The test split's pass after an epoch.
   *
   * @param epoch the epoch it followed
   * @param iteration the steps run before it (identifies the model it saw)
   * @param loss the mean test loss (the plateau's metric)
   * @param evaluation the metrics
   */
  public record EpochTest(int epoch, long iteration, double loss, AttributeEvaluation evaluation) {}

  AttributeTraining(AttributeTrainConfig config, AttributeModel model, List<String> attributes, double[] positiveRatio,
      Adam adam, ReduceLrOnPlateau.State plateauState, BestValue.State bestState) {
    if (model.head().attributes() != attributes.size() || positiveRatio.length != attributes.size()) {
      throw new IllegalArgumentException("the head has " + model.head().attributes() + " outputs, "
          + attributes.size() + " attributes are named and " + positiveRatio.length + " positive ratios given");
    }
    this.config = config;
    this.model = model;
    this.attributes = List.copyOf(attributes);
    this.positiveRatio = positiveRatio.clone();
    this.loss = WeightedBceLoss.fromPositiveRatio(positiveRatio);
    this.adam = adam;
    this.groups = groups(config.model().trainBackbone(), config.optimizer().weightDecay());
    AttributeTrainConfig.Optimizer o = config.optimizer();
    AttributeTrainConfig.Schedule s = config.schedule();
    if (s.kind() == AttributeTrainConfig.ScheduleKind.PLATEAU) {
      plateau = new ReduceLrOnPlateau(ReduceLrOnPlateau.Config.torchDefaults().withFactor(s.factor())
          .withPatience(s.patience()), o.backboneLr(), o.headLr());
      if (plateauState != null) {
        plateau.restore(plateauState);
      }
      multiStep = null;
    } else {
      plateau = null;
      int[] m = s.milestones().stream().mapToInt(Integer::intValue).toArray();
      multiStep = new double[][] {Schedules.multiStep(o.backboneLr(), m, s.factor(), s.epochs()),
          Schedules.multiStep(o.headLr(), m, s.factor(), s.epochs())};
    }
    this.best = new BestValue(BestValue.Order.HIGHER);
    if (bestState != null) {
      best.restore(bestState);
    }
  }

  /**
   * A fresh run: the backbone from {@code config.model().pretrained()} (its architecture, the
   * config's drop-path rate) or randomly initialised from the seed; a new head for the attributes,
   * PyTorch's default initialisation from the seed.
   *
   * @param positiveRatio each attribute's positive rate on the training split (the loss weights)
   */
  public static AttributeTraining create(AttributeTrainConfig config, List<String> attributes, double[] positiveRatio)
      throws IOException {
    AttributeTrainConfig.Model m = config.model();
    Backbone backbone;
    if (m.pretrained() != null) {
      Backbone loaded = Backbone.fromCheckpoint(Path.of(m.pretrained()));
      backbone = loaded.withConfig(loaded.config().withDropPathRate(m.arch().dropPathRate()));
    } else {
      backbone = Backbone.initialized(m.arch(), config.seed());
    }
    AttributeHead head = AttributeHead.initialized(backbone.config().pooledDim(), attributes.size(),
        Seeds.of(config.seed(), Seeds.Stream.HEAD_INIT));
    return new AttributeTraining(config.withArch(backbone.config()), new AttributeModel(backbone, head), attributes,
        positiveRatio, adam(config.optimizer()), null, null);
  }

  /** Adam with the recipe's betas and epsilon. */
  static Adam adam(AttributeTrainConfig.Optimizer o) {
    return new Adam(o.beta1(), o.beta2(), o.epsilon());
  }

  /**
   * The release's groups: every backbone parameter in {@code backbone} (frozen for a linear probe),
   * the classifier in {@code head}; one weight decay for both ({@code BN_WD True}). The learning
   * rates come from the schedule per group, not from these factors.
   */
  public static ParameterGroups groups(boolean trainBackbone, double weightDecay) {
    return ParameterGroups.builder(new ParameterGroup("backbone", 1, weightDecay))
        .freeze(k -> !trainBackbone && k.startsWith(AttributeModel.BACKBONE))
        .group(k -> !k.startsWith(AttributeModel.BACKBONE), new ParameterGroup("head", 1, weightDecay))
        .build();
  }

  /**
   * Whether the loss reaches a backbone key. The head reads only the last stage's normed map, so
   * the output norms of stages 0–2 and the last stage's semantic modulation (it scales tokens no
   * later stage reads) get no gradient: torch leaves them None and Adam and clipping skip them
   * (no weight decay, no state); {@link RecomputingBackbone} reports zeros for them.
   */
  public static boolean reachedByLoss(String backboneKey) {
    int last = SwinConfig.NUM_STAGES - 1;
    boolean earlyNorm = backboneKey.startsWith("norm") && !backboneKey.startsWith("norm" + last + ".");
    boolean lastModulation = backboneKey.startsWith("semantic_embed_w." + last + ".")
        || backboneKey.startsWith("semantic_embed_b." + last + ".");
    return !earlyNorm && !lastModulation;
  }

  /** Sets the split whose loss steps the plateau and whose mA picks the best model (the release: test). */
  public AttributeTraining useTestSplit(List<AttributeSample> split) {
    this.testSplit = List.copyOf(split);
    return this;
  }

  public AttributeTrainConfig config() {
    return config;
  }

  public AttributeModel model() {
    return model;
  }

  /** The attribute names, in output order. */
  public List<String> attributes() {
    return attributes;
  }

  /** Each attribute's positive rate on the training split. */
  public double[] positiveRatio() {
    return positiveRatio.clone();
  }

  public WeightedBceLoss loss() {
    return loss;
  }

  public Adam optimizer() {
    return adam;
  }

  /** The plateau scheduler, or null for a multi-step schedule. */
  public ReduceLrOnPlateau plateau() {
    return plateau;
  }

  /** The best test mA so far and its epoch. */
  public BestValue best() {
    return best;
  }

  /** The last epoch's test pass, or null before the first. */
  public EpochTest lastTest() {
    return lastTest;
  }

  public ParameterGroups parameterGroups() {
    return groups;
  }

  /** The learning rate of group {@value #BACKBONE_GROUP} (backbone) or {@value #HEAD_GROUP} (head) in {@code epoch}. */
  public double learningRate(int group, int epoch) {
    return plateau != null ? plateau.lr(group) : multiStep[group][Math.min(epoch, multiStep[group].length - 1)];
  }

  @Override
  public Map<String, INDArray> parameters() {
    return model.stateDict();
  }

  /** The recomputing backbone at the training size (also used for the test pass). */
  public RecomputingBackbone recomputing() {
    if (recomputing == null) {
      recomputing = new RecomputingBackbone(model.backbone(), config.input().height(), config.input().width());
    }
    return recomputing;
  }

  /** The release's transforms at the run's input size and augmentation (train and test). */
  public AttributeTransform transform() {
    AttributeTrainConfig.Augmentation a = config.augmentation();
    return new AttributeTransform(config.input().height(), config.input().width(), a.padding(), a.flipProbability(),
        ImageNormalization.imagenet());
  }

  /** Steps taken so far (the head trains in every step, so its Adam step count). */
  public long stepsTaken() {
    return adam.steps().getOrDefault(AttributeHead.WEIGHT, 0L);
  }

  /** A predictor of the current model at the run's λ. */
  public AttributePredictor predictor(int batchSize) {
    return new AttributePredictor(recomputing(), model.head(), config.model().semanticWeight(), batchSize);
  }

  /**
   * One step on {@code batch}.
   *
   * @throws NonFiniteLossException if the loss is NaN or infinite (nothing has changed then)
   */
  @Override
  public AttributeStepStats step(AttributeExamples.Batch batch, Position at) {
    long t0 = System.nanoTime();
    int b = batch.size();
    INDArray sw = SemanticWeights.constant(config.model().semanticWeight(), b);
    INDArray keep = DropPath.keep(model.backbone().config(), b,
        Seeds.random(config.seed(), Seeds.Stream.DROP_PATH, at.iteration()));
    RecomputingBackbone.ForwardPass fp = recomputing().forward(batch.images(), sw, keep);
    float[] pooled = fp.outputs().pooled().castTo(DataType.FLOAT).dup('c').data().asFloat();
    if (!config.model().trainBackbone()) {
      fp.close();
      fp = null;
    }
    return update(pooled, batch.labels(), b, at, fp, t0);
  }

  /**
   * One step of a linear probe on pooled features computed before ({@link AttributeProbe}): the
   * same update as {@link #step} with the backbone frozen, whose forward pass it skips.
   *
   * @param pooled (B, C) row-major pooled features
   * @param labels (B, A) row-major targets
   * @throws IllegalStateException if the run trains its backbone
   * @throws NonFiniteLossException if the loss is NaN or infinite (nothing has changed then)
   */
  public AttributeStepStats stepOnFeatures(float[] pooled, float[] labels, int b, Position at) {
    if (config.model().trainBackbone()) {
      throw new IllegalStateException("a step on cached features needs a frozen backbone (a linear probe)");
    }
    return update(pooled, labels, b, at, null, System.nanoTime());
  }

  /** Loss, gradients, clipping and Adam from the pooled features; {@code fp} null when the backbone is frozen. */
  private AttributeStepStats update(float[] pooled, float[] labels, int b, Position at,
      RecomputingBackbone.ForwardPass fp, long t0) {
    AttributeHead head = model.head();
    float[] logits = head.forward(pooled, b);
    WeightedBceLoss.Result l = loss.compute(logits, labels, b);
    if (!Double.isFinite(l.value())) {
      if (fp != null) {
        fp.close();
      }
      throw new NonFiniteLossException("bce", l.value(), at.iteration());
    }
    AttributeHead.Gradients hg = head.backward(pooled, l.gradient(), b);
    Map<String, INDArray> grads = new LinkedHashMap<>();
    if (fp != null) {
      RecomputingBackbone.Gradients g = recomputing().backward(fp,
          Nd4j.create(hg.input(), new long[] {b, head.dim()}, 'c'), null);
      g.parameters().forEach((k, v) -> {
        if (reachedByLoss(k)) {
          grads.put(AttributeModel.BACKBONE + k, v);
        }
      });
      fp.close();
    }
    grads.put(AttributeHead.WEIGHT, hg.weight());
    grads.put(AttributeHead.BIAS, hg.bias());
    double clip = config.optimizer().clipNorm();
    double norm = clip > 0 ? GradientClipping.clipGlobalNorm(grads.values(), clip) : globalNorm(grads);
    Map<String, INDArray> params = model.stateDict();
    for (Map.Entry<String, INDArray> e : grads.entrySet()) {
      INDArray p = params.get(e.getKey());
      var group = groups.of(e.getKey(), p);
      if (group.isEmpty()) {
        continue;
      }
      int g = e.getKey().startsWith(AttributeModel.BACKBONE) ? BACKBONE_GROUP : HEAD_GROUP;
      adam.step(e.getKey(), p, e.getValue(), learningRate(g, at.epoch()), group.get().weightDecay());
    }
    return new AttributeStepStats(at, l.value(), accuracy(logits, labels),
        learningRate(BACKBONE_GROUP, at.epoch()), learningRate(HEAD_GROUP, at.epoch()), norm, b,
        (System.nanoTime() - t0) / 1e9);
  }

  /**
   * The release's end of an epoch: the test split's pass, the plateau step on its loss, and the
   * best-mA check (the model is written at the checkpoint that follows).
   */
  @Override
  public void onEpochEnd(int epoch) {
    if (testSplit.isEmpty()) {
      return;
    }
    onEpochEnd(epoch, predictor(config.batchSize()).predict(testSplit, transform(), loss,
        "test after epoch " + epoch));
  }

  /**
   * The end of an epoch on the test split's predictions computed by the caller (a probe on cached
   * features): the plateau step on their mean loss and the best-mA check, as {@link #onEpochEnd(int)}.
   */
  public void onEpochEnd(int epoch, AttributePredictor.Predictions p) {
    AttributeEvaluation e = p.evaluate();
    lastTest = new EpochTest(epoch, stepsTaken(), p.meanLoss(), e);
    String lr = "";
    if (plateau != null && plateau.step(p.meanLoss())) {
      lr = String.format("; learning rates reduced to %.3g (backbone), %.3g (head)", plateau.lr(BACKBONE_GROUP),
          plateau.lr(HEAD_GROUP));
    }
    if (best.offer(e.mA(), epoch)) {
      bestPending = true;
    }
    log.info("epoch {}: test loss {}, {} (best mA {}% in epoch {}){}", epoch, String.format("%.4f", p.meanLoss()),
        e.summary(), String.format("%.2f", 100 * best.value()), best.epoch(), lr);
  }

  @Override
  public void save(RunFolder folder, Position next) throws IOException {
    if (bestPending) {
      // Written before the checkpoint that records it as the best, so a checkpoint never claims a
      // best model the folder does not hold.
      model.writeReleaseCheckpoint(folder.file(BEST_MODEL), best.epoch(), best.value());
      log.info("best test mA so far ({}%, epoch {}): {}", String.format("%.2f", 100 * best.value()), best.epoch(),
          folder.file(BEST_MODEL));
      bestPending = false;
    }
    AttributeCheckpoint.write(this, next, folder.checkpoint());
    model.writeStateDict(folder.file(MODEL));
  }

  private static double accuracy(float[] logits, float[] labels) {
    int right = 0;
    for (int i = 0; i < logits.length; i++) {
      right += (logits[i] > 0) == (labels[i] > 0.5) ? 1 : 0;
    }
    return (double) right / logits.length;
  }

  private static double globalNorm(Map<String, INDArray> grads) {
    double sq = 0;
    for (INDArray g : grads.values()) {
      double n = g.norm2Number().doubleValue();
      sq += n * n;
    }
    return Math.sqrt(sq);
  }
}
