package io.solider.tasks.pose.train;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.RecomputingBackbone;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.head.HeadGradients;
import io.solider.nn.head.HeadGraph;
import io.solider.nn.optim.Adam;
import io.solider.nn.train.BackboneModel;
import io.solider.nn.train.NonFiniteLossException;
import io.solider.nn.train.ParameterGroup;
import io.solider.nn.train.ParameterGroups;
import io.solider.nn.train.Position;
import io.solider.nn.train.RunFolder;
import io.solider.nn.train.Schedules;
import io.solider.nn.train.TrainingRun;
import io.solider.nn.util.NdArrays;
import io.solider.nn.util.Seeds;
import io.solider.tasks.pose.data.PoseTrainLoader;
import io.solider.tasks.pose.head.PoseHead;
import io.solider.tasks.pose.head.PoseModel;
import io.solider.tasks.pose.loss.JointsMseLoss;
import io.solider.tasks.pose.metric.PckAccuracy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One pose training run's state (model, recomputing backbone, head graph, AdamW) and its step, in
 * the release's order ({@code TopDown.forward_train}, mmcv's optimizer hook):
 * <ol>
 *   <li>backbone forward at λ for every image (no drop path: the config's rate is 0), through
 *       {@link RecomputingBackbone} (activations recomputed in the backward pass);
 *   <li>head on the stage-3 map, training-mode batch norm; the joints MSE with target weights in
 *       Java ({@link JointsMseLoss}); a NaN/Inf loss stops the step before anything changes
 *       ({@link NonFiniteLossException} naming {@code heatmap_loss});
 *   <li>head backward ({@link HeadGraph#backward}), its stage-3 gradient into
 *       {@link RecomputingBackbone#backward};
 *   <li>AdamW (torch's arithmetic, {@link Adam#adamW}) per {@link #groups parameter group}, with
 *       the learning rate of the step's iteration (step decay per epoch, linear warm-up per
 *       iteration); parameters the loss does not reach
 *       (output norms 0–2, the last stage's controller) have no gradient in torch and are skipped,
 *       weight decay included; then the batch norm's running statistics are committed.
 * </ol>
 */
public final class PoseTraining implements TrainingRun<PoseTrainLoader.Batch, PoseStepStats> {

  /** Kind of the training checkpoint. */
  public static final String KIND = "pose";

  private final PoseTrainConfig config;
  private final PoseModel model;
  private final Adam adamw;
  private final int itersPerEpoch;
  private final double[] lr;
  private final ParameterGroups groups;
  private final PoseHead.Shape shape;
  private final JointsMseLoss loss = new JointsMseLoss();
  private RecomputingBackbone recomputing;
  private HeadGraph head;

  PoseTraining(PoseTrainConfig config, PoseModel model, Adam adamw, int itersPerEpoch) {
    if (itersPerEpoch < 1) {
      throw new IllegalArgumentException("iterations per epoch must be >= 1, got " + itersPerEpoch);
    }
    this.config = config;
    this.model = model;
    this.adamw = adamw;
    this.itersPerEpoch = itersPerEpoch;
    this.groups = groups(config.optimizer());
    this.lr = schedule(config, itersPerEpoch);
    this.shape = model.headShape(config.input().height(), config.input().width());
  }

  /**
   * A fresh run: the backbone from {@code config.model().pretrained()} (its architecture) or
   * randomly initialised from the seed, a new head from the seed's head stream.
   *
   * @param itersPerEpoch steps per epoch (the schedule's length)
   */
  public static PoseTraining create(PoseTrainConfig config, int itersPerEpoch) throws IOException {
    BackboneModel m = config.model();
    Backbone backbone = m.pretrained() != null ? Backbone.fromCheckpoint(Path.of(m.pretrained()))
        : Backbone.initialized(PoseModel.variant(m.arch()), config.seed());
    PoseModel model = PoseModel.create(backbone, Seeds.of(config.seed(), Seeds.Stream.HEAD_INIT));
    return new PoseTraining(config.withArch(model.backbone().config()), model, adamW(config), itersPerEpoch);
  }

  /**
   * A run restored from a checkpoint's model and AdamW state ({@code exp_avg}, {@code exp_avg_sq}
   * and step count per parameter key).
   */
  static PoseTraining restore(PoseTrainConfig config, PoseModel model, Map<String, INDArray> expAvg,
      Map<String, INDArray> expAvgSq, Map<String, Long> steps, int itersPerEpoch) {
    Adam adamw = adamW(config);
    expAvg.forEach((k, m) -> {
      INDArray v = expAvgSq.get(k);
      Long step = steps.get(k);
      if (v == null || step == null) {
        throw new IllegalArgumentException("checkpoint has exp_avg but no exp_avg_sq or step count for " + k);
      }
      adamw.restore(k, m, v, step);
    });
    return new PoseTraining(config, model, adamw, itersPerEpoch);
  }

  /** torch.optim.AdamW with the configured betas and torch's ε 1e-8. */
  private static Adam adamW(PoseTrainConfig config) {
    return Adam.adamW(config.optimizer().beta1(), config.optimizer().beta2(), 1e-8);
  }

  /**
   * mmcv's {@code paramwise_cfg=dict(custom_keys={'relative_position_bias_table': dict(decay_mult=0.)})}:
   * the bias tables without weight decay, every other parameter (norms and biases too) with the
   * configured decay; one learning rate for all.
   */
  public static ParameterGroups groups(PoseTrainConfig.Optimizer o) {
    return ParameterGroups.builder(new ParameterGroup("decay", 1, o.weightDecay()))
        .group(k -> k.contains("relative_position_bias_table"), new ParameterGroup("no_decay", 1, 0))
        .build();
  }

  /**
   * The learning rate of every iteration: {@code lr × γ^(steps ≤ epoch)} (mmcv's {@code step}
   * policy by epoch), times {@code 1 − (1 − i/W)(1 − ratio)} for iterations i below W.
   */
  static double[] schedule(PoseTrainConfig config, int itersPerEpoch) {
    PoseTrainConfig.Schedule s = config.schedule();
    double[] perEpoch = Schedules.multiStep(config.optimizer().lr(), s.stepArray(), s.gamma(), s.epochs());
    return Schedules.withLinearWarmup(Schedules.perIteration(perEpoch, itersPerEpoch), s.warmupIterations(),
        s.warmupRatio());
  }

  /**
   * Whether the loss reaches a backbone key: the head reads only stage 3's map, so the output norms
   * of stages 0–2 and the last stage's semantic controller get no gradient in torch, and AdamW skips
   * them (no update, no decay); {@link RecomputingBackbone} reports zeros for them.
   */
  public static boolean reachedByLoss(String key) {
    int last = SwinConfig.NUM_STAGES - 1;
    if (key.startsWith("norm")) {
      return key.startsWith("norm" + last + ".");
    }
    return !key.startsWith("semantic_embed_w." + last + ".") && !key.startsWith("semantic_embed_b." + last + ".");
  }

  public PoseTrainConfig config() {
    return config;
  }

  public PoseModel model() {
    return model;
  }

  public Adam optimizer() {
    return adamw;
  }

  public int itersPerEpoch() {
    return itersPerEpoch;
  }

  public ParameterGroups parameterGroups() {
    return groups;
  }

  /** The learning rate of global iteration {@code iteration}. */
  public double learningRate(long iteration) {
    return lr[(int) Math.min(iteration, lr.length - 1)];
  }

  @Override
  public Map<String, INDArray> parameters() {
    return model.stateDict();
  }

  /** The recomputing backbone at the training size. */
  public RecomputingBackbone recomputing() {
    if (recomputing == null) {
      recomputing = new RecomputingBackbone(model.backbone(), config.input().height(), config.input().width());
    }
    return recomputing;
  }

  private HeadGraph head() {
    if (head == null) {
      head = PoseHead.graph(model.head(), shape, true);
    }
    return head;
  }

  /**
   * One step on {@code batch}.
   *
   * @throws NonFiniteLossException if the loss is NaN or infinite (nothing has changed then)
   */
  @Override
  public PoseStepStats step(PoseTrainLoader.Batch batch, Position at) {
    long t0 = System.nanoTime();
    int b = batch.size();
    int k = PoseHead.JOINTS;
    int hh = shape.heatmapHeight();
    int hw = shape.heatmapWidth();
    INDArray sw = SemanticWeights.constant(config.model().semanticWeight(), b);
    RecomputingBackbone.ForwardPass fp = recomputing().forward(batch.images(), sw, null);
    Map<String, INDArray> features = Map.of(PoseHead.FEATURE, fp.outputs().stage(PoseHead.STAGE));
    INDArray out = head().forward(features, Map.of()).get(PoseHead.HEATMAPS);
    float[] predicted = out.castTo(DataType.FLOAT).dup('c').data().asFloat();
    NdArrays.close(out);
    if (predicted.length != batch.targets().length) {
      throw new IllegalStateException("head gives " + predicted.length / b + " heatmap values per person, the targets "
          + batch.targets().length / b + " (heatmap size and target size differ)");
    }
    JointsMseLoss.Result l = loss.compute(predicted, batch.targets(), batch.weights(), b, k, hh * hw);
    if (!Double.isFinite(l.value())) {
      fp.close();
      throw new NonFiniteLossException("heatmap_loss", l.value(), at.iteration());
    }
    double accuracy = PckAccuracy.of(predicted, batch.targets(), batch.weights(), b, k, hh, hw);
    INDArray dHeatmaps = Nd4j.create(l.gradient(), new long[] {b, k, hh, hw}, 'c');
    HeadGradients hg = head().backward(features, Map.of(), Map.of(PoseHead.HEATMAPS, dHeatmaps));
    List<INDArray> stageGrads = new ArrayList<>(Arrays.asList(new INDArray[SwinConfig.NUM_STAGES]));
    stageGrads.set(PoseHead.STAGE, hg.features().get(PoseHead.FEATURE));
    RecomputingBackbone.Gradients bg = recomputing().backward(fp, null, stageGrads);

    Map<String, INDArray> grads = new LinkedHashMap<>();
    bg.parameters().forEach((key, g) -> {
      if (reachedByLoss(key)) {
        grads.put(PoseModel.BACKBONE + key, g);
      }
    });
    grads.putAll(hg.parameters());
    double rate = learningRate(at.iteration());
    double gradNorm = update(grads, rate);
    hg.statistics().commit(model.head());
    hg.statistics().close();
    NdArrays.closeAll(bg.parameters().values());
    NdArrays.closeAll(hg.parameters().values());
    NdArrays.close(bg.input());
    NdArrays.close(dHeatmaps);
    fp.close();
    sw.close();
    return new PoseStepStats(at, l.value(), accuracy, rate, gradNorm, b, (System.nanoTime() - t0) / 1e9);
  }

  /** AdamW on every gradient with its group's decay; returns the gradients' overall L2 norm. */
  private double update(Map<String, INDArray> grads, double rate) {
    Map<String, INDArray> params = model.stateDict();
    double sq = 0;
    for (Map.Entry<String, INDArray> e : grads.entrySet()) {
      INDArray p = params.get(e.getKey());
      var group = groups.of(e.getKey(), p);
      if (group.isEmpty()) {
        continue;
      }
      double n = e.getValue().norm2Number().doubleValue();
      sq += n * n;
      adamw.step(e.getKey(), p, e.getValue(), rate * group.get().lrFactor(), group.get().weightDecay());
    }
    return Math.sqrt(sq);
  }

  @Override
  public void save(RunFolder folder, Position next) throws IOException {
    PoseCheckpoint.write(this, next, folder.checkpoint());
    PoseCheckpoint.writeModel(this, next, folder.file(PoseCheckpoint.MODEL));
  }
}
