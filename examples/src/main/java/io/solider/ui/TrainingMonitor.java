package io.solider.ui;

import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.train.Evaluation;
import io.solider.nn.train.StepRecord;
import io.solider.nn.train.TrainingListener;
import io.solider.nn.train.TrainingRun;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.ui.model.stats.BaseStatsListener;
import org.deeplearning4j.ui.model.stats.api.StatsType;
import org.deeplearning4j.ui.model.stats.impl.SbeStatsInitializationReport;
import org.deeplearning4j.ui.model.stats.impl.SbeStatsReport;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Feeds a DL4J UI {@link StatsStorageRouter} from a task's training loop with the report objects
 * DL4J's own StatsListener writes ({@link SbeStatsInitializationReport} once, then one
 * {@link SbeStatsReport} per step, type id "StatsListener"), so the UI's overview, model and
 * system pages show the run:
 * <ul>
 *   <li>score = the step's total loss; performance = images/s and steps/s; memory (JVM and
 *       off-heap) and garbage collection;
 *   <li>per parameter group ({@code patch_embed}, {@code stage0..3}, then the task's head groups;
 *       {@code _W} weights, {@code _b} biases and 1-D), mean magnitudes of parameters and updates,
 *       update std-devs, histograms and learning rates; the model page draws the groups as a graph;
 *   <li>the task's own scalars (loss terms, accuracy…) and the last evaluation's headline numbers
 *       as named series in the overview's third chart, the only chart with named series.
 * </ul>
 * A task extends it with its head groups, its model sketch and its scalars.
 */
public abstract class TrainingMonitor<R extends TrainingRun<?, S>, S extends StepRecord>
    implements TrainingListener<R, S> {

  private final StatsStorageRouter router;
  private final String sessionId;
  private final String workerId = "worker-0";
  private final String jvmId = UUID.randomUUID().toString();
  private final ParameterStats parameterStats = new ParameterStats();
  private final ProcessStats process = new ProcessStats();
  private final Map<String, Double> lastEvaluation = new LinkedHashMap<>();
  private long images;
  private long steps;
  private boolean initialised;

  /** @param task names the session ({@code solider-TASK-uuid}) */
  protected TrainingMonitor(StatsStorageRouter router, String task) {
    this.router = router;
    this.sessionId = "solider-" + task + "-" + UUID.randomUUID();
  }

  public String sessionId() {
    return sessionId;
  }

  /** The UI group of a parameter key without its {@code _W}/{@code _b} suffix (a backbone stage or a head part). */
  protected abstract String group(String key);

  /** The parameter groups shown by the UI, in order (backbone groups first). */
  public abstract List<String> groups();

  /** The model drawn as DL4J layers, one per group, so the model page has a graph. */
  protected abstract ComputationGraphConfiguration modelSketch(R run);

  /** The run's own scalars of this step, by display name. */
  protected abstract Map<String, Double> metrics(R run, S step);

  /** The learning rate of a UI group ({@code stage2_b}…) in this step; default the step's {@code lr}. */
  protected double learningRate(R run, S step, String uiGroup) {
    return step.scalars().getOrDefault("lr", 0.0);
  }

  /**
   * The class name shown as the model's type. The UI's TrainModule chooses the parser of the
   * model configuration by this name's ending ({@code MultiLayerNetwork}, {@code ComputationGraph},
   * otherwise a single-layer {@code NeuralNetConfiguration}); the sketch is a computation graph, so
   * the name must end with {@code ComputationGraph} or the model page's graph answers HTTP 500.
   */
  protected String modelName(R run) {
    return run.getClass().getPackageName() + ".ComputationGraph";
  }

  /** {@link #group} with the suffix {@code _W} (weights of rank ≥ 2) or {@code _b} (biases, 1-D). */
  final String uiGroup(String key, INDArray value) {
    return group(key) + (value.rank() >= 2 && !key.endsWith("bias") ? "_W" : "_b");
  }

  @Override
  public void onEvaluation(int epochsDone, Evaluation evaluation) {
    evaluation.toJson().forEach((k, v) -> {
      if (v instanceof Number n) {
        lastEvaluation.put(k + " (last evaluation)", n.doubleValue());
      }
    });
  }

  @Override
  public void onStep(R run, S step) {
    long t0 = System.currentTimeMillis();
    if (!initialised) {
      postStaticInfo(run);
      initialised = true;
    }
    steps++;
    images += step.images();
    ParameterStats.Groups groups = parameterStats.collect(run.parameters(), this::uiGroup);
    Map<String, Double> lrs = new LinkedHashMap<>();
    for (String g : groups.paramMeanMagnitude().keySet()) {
      lrs.put(g, learningRate(run, step, g));
    }
    Map<String, Double> series = new LinkedHashMap<>(metrics(run, step));
    series.put("images per second (step)", step.seconds() > 0 ? step.images() / step.seconds() : 0.0);
    series.putAll(lastEvaluation);
    SbeStatsReport r = new SbeStatsReport();
    long now = System.currentTimeMillis();
    r.reportIDs(sessionId, BaseStatsListener.TYPE_ID, workerId, now);
    r.reportIterationCount((int) step.position().iteration());
    r.reportScore(step.loss());
    r.reportLearningRates(lrs);
    process.report(r, now, images, steps);
    r.reportStdev(StatsType.Activations, series);
    groups.report(r);
    r.reportStatsCollectionDurationMS((int) (System.currentTimeMillis() - t0));
    router.putUpdate(r);
  }

  private void postStaticInfo(R run) {
    long n = run.parameters().values().stream().mapToLong(INDArray::length).sum();
    SbeStatsInitializationReport init = new SbeStatsInitializationReport();
    init.reportIDs(sessionId, BaseStatsListener.TYPE_ID, workerId, System.currentTimeMillis());
    Runtime rt = Runtime.getRuntime();
    String host = InetAddress.getLoopbackAddress().getHostName();
    // Argument order: arch, OS, JVM name, JVM version, JVM spec version, ND4J backend, ND4J data
    // type, host name, JVM id, environment.
    init.reportSoftwareInfo(System.getProperty("os.arch"), System.getProperty("os.name"),
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        System.getProperty("java.specification.version"), Nd4j.getBackend().getClass().getSimpleName() + " (SameDiff)",
        Nd4j.dataType().toString(), host, jvmId, Map.of());
    init.reportHardwareInfo(rt.availableProcessors(), 0, rt.maxMemory(), Pointer.maxBytes(), new long[0],
        new String[0], host);
    init.reportModelInfo(modelName(run), modelSketch(run).toJson(), groups().toArray(new String[0]), groups().size(),
        n);
    router.putStaticInfo(init);
  }

  /**
   * The backbone drawn as DL4J layers ({@code images} → {@code patch_embed} → {@code stage0..3});
   * a task adds its head layers after {@code "stage3"}.
   */
  protected static ComputationGraphConfiguration.GraphBuilder backboneSketch(SwinConfig arch) {
    int c = arch.embedDim();
    int p = arch.patchSize();
    var g = new NeuralNetConfiguration.Builder().graphBuilder().addInputs("images")
        .addLayer("patch_embed", new DenseLayer.Builder().nIn(3 * p * p).nOut(c).activation(Activation.IDENTITY)
            .build(), "images");
    String prev = "patch_embed";
    for (int s = 0; s < SwinConfig.NUM_STAGES; s++) {
      int in = arch.channels(s);
      g.addLayer("stage" + s, new DenseLayer.Builder().nIn(in).nOut(in).activation(Activation.GELU).build(), prev);
      prev = "stage" + s;
    }
    return g;
  }

  /** A dense sketch layer. */
  protected static DenseLayer layer(int in, int out, Activation activation) {
    return new DenseLayer.Builder().nIn(in).nOut(out).activation(activation).build();
  }
}
