package io.solider.ui;

import io.solider.ssl.trainer.PretrainConfig;
import io.solider.ssl.trainer.SoliderPretraining;
import io.solider.ssl.trainer.StepStats;
import io.solider.ssl.trainer.TrainingListener;
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
 * Feeds a DL4J UI {@link StatsStorageRouter} from the pretraining loop with the same report
 * objects DL4J's StatsListener writes ({@link SbeStatsInitializationReport} once,
 * {@link SbeStatsReport} per step, type id "StatsListener"), so the UI's overview, model and
 * system pages show the run:
 * <ul>
 *   <li>score = DINO + semantic loss; performance = images/s and steps/s; memory (JVM and
 *       off-heap) and garbage collection;
 *   <li>per parameter group ({@code patch_embed}, {@code stage0..3}, {@code dino_head},
 *       {@code part_classifier}; {@code _W} weights, {@code _b} biases and 1-D), the mean
 *       magnitudes of parameters, updates and gradients, std-devs of updates, and the learning
 *       rate; the model page shows these groups as a graph;
 *   <li>the run's own scalars (DINO loss, semantic loss, part accuracy, kept views, weight decay,
 *       teacher momentum, learning rate) go into the report's activation std-dev map under
 *       their own names, which the overview draws as its third chart.
 * </ul>
 */
public final class PretrainMonitor implements TrainingListener {

  private final StatsStorageRouter router;
  private final String sessionId;
  private final String workerId = "worker-0";
  private final String jvmId = UUID.randomUUID().toString();
  private final ParameterStats parameterStats = new ParameterStats();
  private final ProcessStats process = new ProcessStats();
  private long images;
  private long steps;
  private boolean initialised;

  public PretrainMonitor(StatsStorageRouter router) {
    this.router = router;
    this.sessionId = "solider-pretrain-" + UUID.randomUUID();
  }

  public String sessionId() {
    return sessionId;
  }

  /** The parameter group of a student key, as shown in the UI ({@code stage2_W}, {@code dino_head_b}…). */
  static String group(String key, INDArray value) {
    String g = ParameterStats.backboneGroup("backbone.", key);
    if (g == null) {
      g = key.startsWith("head.") ? "dino_head" : "part_classifier";
    }
    return g + (value.rank() >= 2 && !key.endsWith(".bias") ? "_W" : "_b");
  }

  private void postStaticInfo(SoliderPretraining run) {
    PretrainConfig cfg = run.config();
    Map<String, INDArray> params = run.student().parameters();
    long n = params.values().stream().mapToLong(INDArray::length).sum();
    SbeStatsInitializationReport init = new SbeStatsInitializationReport();
    init.reportIDs(sessionId, BaseStatsListener.TYPE_ID, workerId, System.currentTimeMillis());
    Runtime rt = Runtime.getRuntime();
    // Argument order: arch, OS, JVM name, JVM version, JVM spec version, ND4J backend, ND4J data
    // type, host name, JVM id, environment.
    init.reportSoftwareInfo(System.getProperty("os.arch"), System.getProperty("os.name"),
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        System.getProperty("java.specification.version"), Nd4j.getBackend().getClass().getSimpleName() + " (SameDiff)",
        Nd4j.dataType().toString(), java.net.InetAddress.getLoopbackAddress().getHostName(), jvmId, Map.of());
    init.reportHardwareInfo(rt.availableProcessors(), 0, rt.maxMemory(), Pointer.maxBytes(), new long[0],
        new String[0], java.net.InetAddress.getLoopbackAddress().getHostName());
    init.reportModelInfo("io.solider.ssl.trainer.ComputationGraph", modelConfig(cfg).toJson(),
        new String[] {"patch_embed", "stage0", "stage1", "stage2", "stage3", "dino_head", "part_classifier"}, 7, n);
    router.putStaticInfo(init);
  }

  /** The pretraining model drawn as DL4J layers, one per parameter group, so the model page has a graph. */
  static ComputationGraphConfiguration modelConfig(PretrainConfig cfg) {
    int c = cfg.arch().embedDim();
    int p = cfg.arch().patchSize();
    var g = new NeuralNetConfiguration.Builder().graphBuilder().addInputs("images")
        .addLayer("patch_embed", new DenseLayer.Builder().nIn(3 * p * p).nOut(c).activation(Activation.IDENTITY).build(),
            "images");
    String prev = "patch_embed";
    for (int s = 0; s < 4; s++) {
      int in = cfg.arch().channels(s);
      g.addLayer("stage" + s, new DenseLayer.Builder().nIn(in).nOut(in).activation(Activation.GELU).build(), prev);
      prev = "stage" + s;
    }
    int d = cfg.arch().pooledDim();
    g.addLayer("dino_head", new DenseLayer.Builder().nIn(d).nOut(cfg.dinoHead().outDim())
        .activation(Activation.SOFTMAX).build(), prev);
    g.addLayer("part_classifier", new DenseLayer.Builder().nIn(d).nOut(cfg.partHead().outDim())
        .activation(Activation.SOFTMAX).build(), prev);
    return g.setOutputs("dino_head", "part_classifier").validateOutputLayerConfig(false).build();
  }

  @Override
  public void onStep(StepStats s, SoliderPretraining run) {
    long t0 = System.currentTimeMillis();
    if (!initialised) {
      postStaticInfo(run);
      initialised = true;
    }
    steps++;
    images += run.config().batchSize();
    ParameterStats.Groups groups = parameterStats.collect(run.student().parameters(), PretrainMonitor::group);
    Map<String, Double> lrs = new LinkedHashMap<>();
    for (String g : groups.paramMeanMagnitude().keySet()) {
      lrs.put(g, s.lr());
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("dino loss", s.dinoLoss());
    metrics.put("semantic loss", s.semanticLoss());
    metrics.put("part accuracy", Double.isNaN(s.partAccuracy()) ? 0.0 : s.partAccuracy());
    metrics.put("kept views", (double) s.kept());
    metrics.put("learning rate x1000", s.lr() * 1000);
    metrics.put("weight decay", s.weightDecay());
    metrics.put("teacher momentum", s.momentum());
    metrics.put("gradient norm (all)", s.gradNorm());

    SbeStatsReport r = new SbeStatsReport();
    long now = System.currentTimeMillis();
    r.reportIDs(sessionId, BaseStatsListener.TYPE_ID, workerId, now);
    r.reportIterationCount((int) s.iteration());
    r.reportScore(s.loss());
    r.reportLearningRates(lrs);
    process.report(r, now, images, steps);
    r.reportStdev(StatsType.Activations, metrics);
    groups.report(r);
    r.reportStatsCollectionDurationMS((int) (System.currentTimeMillis() - t0));
    router.putUpdate(r);
  }

  /** Parameter groups shown by the UI, in order. */
  public static List<String> groups() {
    return List.of("patch_embed", "stage0", "stage1", "stage2", "stage3", "dino_head", "part_classifier");
  }
}
