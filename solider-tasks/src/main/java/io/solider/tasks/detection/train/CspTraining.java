package io.solider.tasks.detection.train;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.DropPath;
import io.solider.nn.backbone.RecomputingBackbone;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.head.HeadGradients;
import io.solider.nn.head.HeadGraph;
import io.solider.nn.optim.Adam;
import io.solider.nn.train.NonFiniteLossException;
import io.solider.nn.train.ParameterEma;
import io.solider.nn.train.Position;
import io.solider.nn.train.RunFolder;
import io.solider.nn.train.Schedules;
import io.solider.nn.train.TrainingRun;
import io.solider.nn.util.NdArrays;
import io.solider.nn.util.Seeds;
import io.solider.tasks.detection.data.CspTrainLoader;
import io.solider.tasks.detection.head.CspHead;
import io.solider.tasks.detection.head.CspModel;
import io.solider.tasks.detection.loss.CspLoss;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One CSP training run's state (model, Adam, mean teacher) and its step, in the release's order:
 * <ol>
 *   <li>backbone forward at λ for every image, drop-path masks from the run's
 *       {@link Seeds.Stream#DROP_PATH} stream at the step's iteration, through
 *       {@link RecomputingBackbone}; stage 1–3 maps into the neck and head ({@link CspHead});
 *   <li>the three loss terms in Java ({@link CspLoss}); a NaN or infinite term stops the step
 *       before anything changes ({@link NonFiniteLossException} naming it);
 *   <li>head backward, its feature gradients into {@link RecomputingBackbone#backward};
 *   <li>Adam on every parameter the loss reaches, with the step's rate (mmcv's step policy with a
 *       constant warm-up, per iteration);
 *   <li>the mean teacher: after step 1 it equals the trained weights (the release's teacher
 *       shares their storage until then), after every later step {@code t ← α·t + (1 − α)·s}
 *       over the whole state dict.
 * </ol>
 */
public final class CspTraining implements TrainingRun<CspTrainLoader.Batch, CspStepStats> {

  /** Kind of the training checkpoint. */
  public static final String KIND = "detection";

  private final CspTrainConfig config;
  private final CspModel model;
  private final Adam adam;
  private final int itersPerEpoch;
  private final double[] lr;
  private final CspLoss loss;
  private Map<String, INDArray> teacher;
  private RecomputingBackbone recomputing;
  private HeadGraph headGraph;

  CspTraining(CspTrainConfig config, CspModel model, Adam adam, Map<String, INDArray> teacher, int itersPerEpoch) {
    this.config = config;
    this.model = model;
    this.adam = adam;
    this.teacher = teacher;
    this.itersPerEpoch = itersPerEpoch;
    this.lr = schedule(config, itersPerEpoch);
    this.loss = new CspLoss(config.loss().weights());
  }

  /**
   * A fresh run: the backbone from {@code config.model().pretrained()} (its architecture, the
   * config's drop-path rate) or initialised from the seed, and a new neck and head.
   *
   * @param itersPerEpoch steps per epoch (the schedule is per iteration)
   */
  public static CspTraining create(CspTrainConfig config, int itersPerEpoch) throws IOException {
    CspTrainConfig.Model m = config.model();
    Backbone backbone;
    if (m.pretrained() != null) {
      Backbone loaded = Backbone.fromCheckpoint(Path.of(m.pretrained()));
      backbone = loaded.withConfig(loaded.config().withDropPathRate(m.arch().dropPathRate()));
    } else {
      backbone = Backbone.initialized(m.arch(), config.seed());
    }
    CspTrainConfig cfg = config.withArch(backbone.config());
    CspModel model = CspModel.initialized(backbone, cfg.model().head(), Seeds.of(config.seed(), Seeds.Stream.HEAD_INIT));
    return new CspTraining(cfg, model, adam(cfg.optimizer()), null, itersPerEpoch);
  }

  /** A run restored from a checkpoint's model, teacher (null before step 1) and optimiser. */
  static CspTraining restore(CspTrainConfig config, CspModel model, Map<String, INDArray> teacher, Adam adam,
      int itersPerEpoch) {
    Backbone b = model.backbone().withConfig(model.backbone().config()
        .withDropPathRate(config.model().arch().dropPathRate()));
    return new CspTraining(config, new CspModel(b, model.head(), model.spec()), adam, teacher, itersPerEpoch);
  }

  static Adam adam(CspTrainConfig.Optimizer o) {
    return new Adam(o.beta1(), o.beta2(), o.epsilon());
  }

  /**
   * The learning rate of every iteration: mmcv's {@code step} policy by epoch ({@code lr × γ^k},
   * k = steps ≤ epoch), times the warm-up ratio for the first warm-up iterations.
   */
  public static double[] schedule(CspTrainConfig config, int itersPerEpoch) {
    CspTrainConfig.Schedule s = config.schedule();
    double[] perEpoch = Schedules.multiStep(config.optimizer().lr(), s.steps().stream().mapToInt(Integer::intValue)
        .toArray(), s.gamma(), s.epochs());
    return Schedules.withConstantWarmup(Schedules.perIteration(perEpoch, itersPerEpoch), s.warmupIterations(),
        s.warmupRatio());
  }

  public CspTrainConfig config() {
    return config;
  }

  public CspModel model() {
    return model;
  }

  public Adam optimizer() {
    return adam;
  }

  public int itersPerEpoch() {
    return itersPerEpoch;
  }

  /** The learning rate at {@code iteration}. */
  public double learningRate(long iteration) {
    return lr[(int) Math.min(iteration, lr.length - 1)];
  }

  /**
   * The mean teacher's state dict (the release's layout), or null before the first step, when it
   * still is the model itself.
   */
  public Map<String, INDArray> teacher() {
    return teacher;
  }

  /**
   * The model the release evaluates: the mean teacher (the model itself before the first step), or
   * the trained model when the mean teacher is off.
   */
  public CspModel evaluatedModel() {
    if (!config.meanTeacher().enabled() || teacher == null) {
      return model;
    }
    return CspModel.fromStateDict(teacher, "mean teacher");
  }

  @Override
  public Map<String, INDArray> parameters() {
    return model.stateDict();
  }

  /**
   * Whether the loss reaches a backbone key: the last stage's semantic controller modulates
   * nothing the neck reads, so torch leaves its gradient None and Adam skips it.
   */
  static boolean reachedByLoss(String key) {
    String last = Integer.toString(SwinConfig.NUM_STAGES - 1);
    return !(key.startsWith("semantic_embed_w." + last + ".") || key.startsWith("semantic_embed_b." + last + "."));
  }

  private RecomputingBackbone recomputing() {
    if (recomputing == null) {
      recomputing = new RecomputingBackbone(model.backbone(), config.input().crop().height(),
          config.input().crop().width());
    }
    return recomputing;
  }

  private HeadGraph headGraph() {
    if (headGraph == null) {
      headGraph = CspHead.graph(model.head(), model.spec(), config.input().crop().height(),
          config.input().crop().width(), true);
    }
    return headGraph;
  }

  /**
   * One step on {@code batch}.
   *
   * @throws NonFiniteLossException if a loss term is NaN or infinite (nothing has changed then)
   */
  @Override
  public CspStepStats step(CspTrainLoader.Batch batch, Position at) {
    long t0 = System.nanoTime();
    int b = batch.targets().size();
    INDArray sw = SemanticWeights.constant(config.model().semanticWeight(), b);
    INDArray keep = DropPath.keep(model.backbone().config(), b,
        Seeds.random(config.seed(), Seeds.Stream.DROP_PATH, at.iteration()));
    RecomputingBackbone.ForwardPass fp = recomputing().forward(batch.images(), sw, keep);
    Map<String, INDArray> feats = new HashMap<>();
    for (int s = 1; s <= 3; s++) {
      feats.put(CspHead.feature(s), fp.outputs().stage(s));
    }
    HeadGraph head = headGraph();
    Map<String, INDArray> out = head.forward(feats, Map.of());
    CspLoss.Terms terms = loss.compute(floats(out.get(CspHead.CENTER)), floats(out.get(CspHead.SCALE)),
        floats(out.get(CspHead.OFFSET)), batch.targets());
    check("loss_cls", terms.center().value(), at);
    check("loss_bbox", terms.scale().value(), at);
    check("loss_offset", terms.offset().value(), at);
    Map<String, INDArray> gradOut = new HashMap<>();
    gradOut.put(CspHead.CENTER, gradient(terms.center(), out.get(CspHead.CENTER)));
    gradOut.put(CspHead.SCALE, gradient(terms.scale(), out.get(CspHead.SCALE)));
    gradOut.put(CspHead.OFFSET, gradient(terms.offset(), out.get(CspHead.OFFSET)));
    HeadGradients hg = head.backward(feats, Map.of(), gradOut);
    List<INDArray> stageGrads = Arrays.asList(null, hg.features().get(CspHead.feature(1)),
        hg.features().get(CspHead.feature(2)), hg.features().get(CspHead.feature(3)));
    RecomputingBackbone.Gradients bg = recomputing().backward(fp, null, stageGrads);

    Map<String, INDArray> grads = new LinkedHashMap<>();
    bg.parameters().forEach((k, v) -> {
      if (reachedByLoss(k)) {
        grads.put(CspModel.BACKBONE + k, v);
      }
    });
    grads.putAll(hg.parameters());
    double rate = learningRate(at.iteration());
    double wd = config.optimizer().weightDecay();
    Map<String, INDArray> params = model.stateDict();
    double gradSq = 0;
    for (Map.Entry<String, INDArray> e : grads.entrySet()) {
      double n = e.getValue().norm2Number().doubleValue();
      gradSq += n * n;
      adam.step(e.getKey(), params.get(e.getKey()), e.getValue(), rate, wd);
    }
    updateTeacher(params);
    NdArrays.closeAll(new ArrayList<>(gradOut.values()));
    fp.close();
    sw.close();
    return new CspStepStats(at, terms.total(), terms.center().value(), terms.scale().value(), terms.offset().value(),
        rate, Math.sqrt(gradSq), batch.people(), b, (System.nanoTime() - t0) / 1e9);
  }

  private void updateTeacher(Map<String, INDArray> student) {
    if (!config.meanTeacher().enabled()) {
      return;
    }
    if (teacher == null) {
      teacher = new LinkedHashMap<>();
      student.forEach((k, v) -> teacher.put(k, v.dup()));
    } else {
      ParameterEma.update(teacher, student, student.keySet(), config.meanTeacher().alpha());
    }
  }

  private static void check(String term, double value, Position at) {
    if (!Double.isFinite(value)) {
      throw new NonFiniteLossException(term, value, at.iteration());
    }
  }

  private static INDArray gradient(CspLoss.Term term, INDArray like) {
    return Nd4j.create(term.gradient(), like.shape(), 'c');
  }

  private static float[] floats(INDArray a) {
    return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }

  @Override
  public void save(RunFolder folder, Position next) throws IOException {
    CspCheckpoint.write(this, next, folder.checkpoint());
    CspCheckpoint.writeModels(this, next, folder.dir());
  }
}
