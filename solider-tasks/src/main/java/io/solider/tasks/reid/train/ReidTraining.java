package io.solider.tasks.reid.train;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.DropPath;
import io.solider.nn.backbone.RecomputingBackbone;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.optim.Sgd;
import io.solider.nn.train.BackboneModel;
import io.solider.nn.train.NonFiniteLossException;
import io.solider.nn.train.ParameterGroup;
import io.solider.nn.train.ParameterGroups;
import io.solider.nn.train.Position;
import io.solider.nn.train.RunFolder;
import io.solider.nn.train.Schedules;
import io.solider.nn.train.TrainingRun;
import io.solider.nn.util.Seeds;
import io.solider.tasks.reid.data.ReidTrainLoader;
import io.solider.tasks.reid.head.BnNeckHead;
import io.solider.tasks.reid.loss.BatchHardTripletLoss;
import io.solider.tasks.reid.loss.CrossEntropyLoss;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One re-id training run's state (model, recomputing backbone, SGD) and its step, in the release's
 * order:
 * <ol>
 *   <li>backbone forward with λ for every image and drop-path masks from the run's
 *       {@link Seeds.Stream#DROP_PATH} stream at the step's iteration, through
 *       {@link RecomputingBackbone} (activations recomputed in the backward pass);
 *   <li>head: pooled feature → BN neck → classifier; cross-entropy on the logits, soft-margin
 *       batch-hard triplet on the pooled (pre-BN) feature; loss = w_id·CE + w_tri·triplet;
 *   <li>a NaN/Inf loss term stops the step before anything changes
 *       ({@link NonFiniteLossException} naming the term);
 *   <li>head backward by hand, d(pooled) into {@link RecomputingBackbone#backward};
 *   <li>SGD per {@link #groups parameter group}; frozen as in the release: the semantic controller
 *       ({@code semantic_embed_w/b.*}, {@code requires_grad=False} in SOLIDER-REID's Swin) and
 *       {@code bottleneck.bias}.
 * </ol>
 */
public final class ReidTraining implements TrainingRun<ReidTrainLoader.Batch, ReidStepStats> {

  /** Kind and layout version of the training checkpoint. */
  public static final String KIND = "reid";

  private final ReidTrainConfig config;
  private final ReidModel model;
  private final Sgd sgd;
  private final ParameterGroups groups;
  private final Map<ParameterGroup, double[]> lr = new LinkedHashMap<>();
  private RecomputingBackbone recomputing;

  ReidTraining(ReidTrainConfig config, ReidModel model, Sgd sgd) {
    this.config = config;
    this.model = model;
    this.sgd = sgd;
    this.groups = groups(config.optimizer());
    ReidTrainConfig.Schedule s = config.schedule();
    for (ParameterGroup g : groups.groups()) {
      lr.put(g, Schedules.warmupCosinePerEpoch(s.baseLr(), g.lrFactor(), s.warmupFactor(), s.minLrFactor(),
          s.warmupEpochs(), s.epochs()));
    }
  }

  /**
   * A fresh run: the backbone from {@code config.model().pretrained()} (its architecture, the
   * config's drop-path rate) or randomly initialised from the seed; a new head for {@code classes}.
   */
  public static ReidTraining create(ReidTrainConfig config, int classes) throws IOException {
    BackboneModel m = config.model();
    Backbone backbone;
    if (m.pretrained() != null) {
      Backbone loaded = Backbone.fromCheckpoint(Path.of(m.pretrained()));
      SwinConfig arch = loaded.config().withDropPathRate(m.arch().dropPathRate());
      backbone = loaded.withConfig(arch);
    } else {
      backbone = Backbone.initialized(m.arch(), config.seed());
    }
    BnNeckHead head = BnNeckHead.initialized(backbone.config().pooledDim(), classes,
        Seeds.of(config.seed(), Seeds.Stream.HEAD_INIT));
    return new ReidTraining(config.withArch(backbone.config()), new ReidModel(backbone, head),
        new Sgd(config.optimizer().momentum()));
  }

  /** A run restored from a checkpoint's model and momentum buffers. */
  public static ReidTraining restore(ReidTrainConfig config, ReidModel model, Map<String, INDArray> buffers) {
    double dropPath = config.model().arch().dropPathRate();
    Backbone b = model.backbone().withConfig(model.backbone().config().withDropPathRate(dropPath));
    Sgd sgd = new Sgd(config.optimizer().momentum());
    buffers.forEach(sgd::restore);
    return new ReidTraining(config, new ReidModel(b, model.head()), sgd);
  }

  /**
   * The release's parameter groups (TransReID's {@code make_optimizer}): a key containing "bias"
   * trains with {@code biasLrFactor} and its own decay, every other key with the base rate; the
   * semantic controller and the neck's bias are frozen.
   */
  public static ParameterGroups groups(ReidTrainConfig.Optimizer o) {
    return ParameterGroups.builder(new ParameterGroup("weights", 1, o.weightDecay()))
        .freeze(k -> k.startsWith(ReidModel.BASE + "semantic_embed_") || k.equals(BnNeckHead.BIAS))
        .group(k -> k.contains("bias"), new ParameterGroup("bias", o.biasLrFactor(), o.weightDecayBias()))
        .build();
  }

  public ReidTrainConfig config() {
    return config;
  }

  public ReidModel model() {
    return model;
  }

  public Sgd optimizer() {
    return sgd;
  }

  /** The learning rate of {@code group} in {@code epoch}. */
  public double learningRate(ParameterGroup group, int epoch) {
    return lr.get(group)[epoch];
  }

  public ParameterGroups parameterGroups() {
    return groups;
  }

  @Override
  public Map<String, INDArray> parameters() {
    return model.stateDict();
  }

  /** The recomputing backbone at the training size (also used for feature extraction). */
  public RecomputingBackbone recomputing() {
    if (recomputing == null) {
      recomputing = new RecomputingBackbone(model.backbone(), config.input().height(), config.input().width());
    }
    return recomputing;
  }

  /**
   * Whether the loss reaches a backbone key: the output norms of stages 0–2 only feed stage
   * outputs the re-id head never reads, so torch leaves their gradient None and SGD skips them
   * (no weight decay, no momentum); {@link RecomputingBackbone} reports zeros for them.
   */
  public static boolean reachedByLoss(String key) {
    return !(key.startsWith("norm") && !key.startsWith("norm" + (SwinConfig.NUM_STAGES - 1) + "."));
  }

  /**
   * One step on {@code batch}.
   *
   * @throws NonFiniteLossException if a loss term is NaN or infinite (nothing has changed then)
   */
  @Override
  public ReidStepStats step(ReidTrainLoader.Batch batch, Position at) {
    long t0 = System.nanoTime();
    int[] labels = batch.labels();
    int b = labels.length;
    BnNeckHead head = model.head();
    int d = head.dim();
    INDArray sw = SemanticWeights.constant(config.model().semanticWeight(), b);
    INDArray keep = DropPath.keep(model.backbone().config(), b,
        Seeds.random(config.seed(), Seeds.Stream.DROP_PATH, at.iteration()));
    RecomputingBackbone.ForwardPass fp = recomputing().forward(batch.images(), sw, keep);
    float[] pooled = fp.outputs().pooled().castTo(DataType.FLOAT).dup('c').data().asFloat();

    BnNeckHead.Forward hf = head.forwardTrain(pooled, b);
    ReidTrainConfig.Loss weights = config.loss();
    CrossEntropyLoss.Result ce = CrossEntropyLoss.compute(hf.logits(), b, head.classes(), labels,
        weights.labelSmoothing());
    if (!Double.isFinite(ce.loss())) {
      throw new NonFiniteLossException("cross_entropy", ce.loss(), at.iteration());
    }
    BatchHardTripletLoss.Result tri = BatchHardTripletLoss.compute(pooled, b, d, labels);
    if (!Double.isFinite(tri.loss())) {
      throw new NonFiniteLossException("triplet", tri.loss(), at.iteration());
    }
    double wId = weights.idWeight();
    double wTri = weights.tripletWeight();
    float[] gLogits = ce.gradLogits();
    for (int i = 0; i < gLogits.length; i++) {
      gLogits[i] *= (float) wId;
    }
    BnNeckHead.Gradients hg = head.backward(hf, gLogits);
    float[] gPooled = hg.input();
    float[] gTri = tri.gradFeatures();
    for (int i = 0; i < gPooled.length; i++) {
      gPooled[i] += (float) (wTri * gTri[i]);
    }
    RecomputingBackbone.Gradients g = recomputing().backward(fp, Nd4j.create(gPooled, new long[] {b, d}, 'c'), null);

    Map<String, INDArray> grads = new LinkedHashMap<>();
    g.parameters().forEach((k, v) -> {
      if (reachedByLoss(k)) {
        grads.put(ReidModel.BASE + k, v);
      }
    });
    grads.put(BnNeckHead.WEIGHT, hg.gamma());
    grads.put(BnNeckHead.CLASSIFIER, hg.classifier());
    double gradSq = 0;
    Map<String, INDArray> params = model.stateDict();
    for (Map.Entry<String, INDArray> e : grads.entrySet()) {
      INDArray p = params.get(e.getKey());
      var group = groups.of(e.getKey(), p);
      if (group.isEmpty()) {
        continue;
      }
      INDArray grad = e.getValue();
      double n = grad.norm2Number().doubleValue();
      gradSq += n * n;
      sgd.step(e.getKey(), p, grad, lr.get(group.get())[at.epoch()], group.get().weightDecay());
    }
    head.commitRunningStats(hf);
    fp.close();
    double loss = wId * ce.loss() + wTri * tri.loss();
    return new ReidStepStats(at, loss, ce.loss(), tri.loss(), ce.accuracy(), tri.meanPositive(),
        tri.meanNegative(), lr.get(groups.groups().get(0))[at.epoch()], Math.sqrt(gradSq), b,
        (System.nanoTime() - t0) / 1e9);
  }

  @Override
  public void save(RunFolder folder, Position next) throws IOException {
    ReidCheckpoint.write(this, next, folder.checkpoint());
    ReidCheckpoint.writeModel(model, folder.file(ReidCheckpoint.MODEL));
  }
}
