package io.solider.ui;

import io.solider.tasks.reid.train.ReidStepStats;
import io.solider.tasks.reid.train.ReidTrainConfig;
import io.solider.tasks.reid.train.ReidTrainer;
import io.solider.tasks.reid.train.ReidTraining;
import io.solider.tasks.reid.train.ReidTrainingListener;
import io.solider.tasks.reid.metric.ReidEvaluation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.ui.api.UIServer;
import org.deeplearning4j.ui.model.stats.BaseStatsListener;
import org.deeplearning4j.ui.model.stats.api.StatsType;
import org.deeplearning4j.ui.model.stats.impl.SbeStatsInitializationReport;
import org.deeplearning4j.ui.model.stats.impl.SbeStatsReport;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the DL4J UI from the re-id trainer, as {@link PretrainMonitor} does for pretraining: one
 * {@link SbeStatsInitializationReport}, then one {@link SbeStatsReport} per step with
 * <ul>
 *   <li>score = total loss; performance = images/s and steps/s; memory and garbage collection;
 *   <li>per parameter group ({@code patch_embed}, {@code stage0..3}, {@code bottleneck},
 *       {@code classifier}; {@code _W} weights, {@code _b} biases and 1-D) mean magnitudes of
 *       parameters and updates, update std-devs, learning rates, histograms;
 *   <li>the run's own scalars in the overview's third chart (the only place for named series):
 *       identity (CE) loss, triplet loss, accuracy, learning rate × 1000, hardest-positive and
 *       hardest-negative distances, gradient norm, and the last evaluation's mAP and rank-1.
 * </ul>
 */
public final class ReidMonitor implements ReidTrainingListener {

  private static final Logger log = LoggerFactory.getLogger(ReidMonitor.class);

  private final StatsStorageRouter router;
  private final String sessionId = "solider-reid-" + UUID.randomUUID();
  private final String workerId = "worker-0";
  private final String jvmId = UUID.randomUUID().toString();
  private final ParameterStats parameterStats = new ParameterStats();
  private final ProcessStats process = new ProcessStats();
  private long images;
  private long steps;
  private boolean initialised;
  private double lastMap = Double.NaN;
  private double lastRank1 = Double.NaN;

  public ReidMonitor(StatsStorageRouter router) {
    this.router = router;
  }

  public String sessionId() {
    return sessionId;
  }

  /** Serves the UI on {@code port} and attaches a monitor to {@code trainer}; close to stop the server. */
  public static AutoCloseable serve(ReidTrainer trainer, int port) {
    System.setProperty(TrainingUi.PORT_PROPERTY, Integer.toString(port));
    UIServer server = UIServer.getInstance();
    InMemoryStatsStorage storage = new InMemoryStatsStorage();
    server.attach(storage);
    trainer.addListener(new ReidMonitor(storage));
    log.info("training UI at http://localhost:{}/train/overview", server.getPort());
    return () -> {
      server.detach(storage);
      UIServer.stopInstance();
    };
  }

  /** The UI group of a model key ({@code stage2_W}, {@code bottleneck_b}, …). */
  static String group(String key, INDArray value) {
    String g = ParameterStats.backboneGroup("base.", key);
    if (g == null) {
      g = key.startsWith("bottleneck.") ? "bottleneck" : "classifier";
    }
    return g + (value.rank() >= 2 && !key.contains("bias") ? "_W" : "_b");
  }

  /** The re-id model drawn as DL4J layers, one per group, so the model page has a graph. */
  static ComputationGraphConfiguration modelConfig(ReidTrainConfig cfg, int classes) {
    int c = cfg.arch().embedDim();
    int p = cfg.arch().patchSize();
    var g = new NeuralNetConfiguration.Builder().graphBuilder().addInputs("images")
        .addLayer("patch_embed", new DenseLayer.Builder().nIn(3 * p * p).nOut(c).activation(Activation.IDENTITY)
            .build(), "images");
    String prev = "patch_embed";
    for (int s = 0; s < 4; s++) {
      int in = cfg.arch().channels(s);
      g.addLayer("stage" + s, new DenseLayer.Builder().nIn(in).nOut(in).activation(Activation.GELU).build(), prev);
      prev = "stage" + s;
    }
    int d = cfg.arch().pooledDim();
    g.addLayer("bottleneck", new DenseLayer.Builder().nIn(d).nOut(d).activation(Activation.IDENTITY).build(), prev);
    g.addLayer("classifier", new DenseLayer.Builder().nIn(d).nOut(classes).activation(Activation.SOFTMAX).build(),
        "bottleneck");
    return g.setOutputs("classifier").validateOutputLayerConfig(false).build();
  }

  private void postStaticInfo(ReidTraining run) {
    Map<String, INDArray> params = run.model().stateDict();
    long n = params.values().stream().mapToLong(INDArray::length).sum();
    SbeStatsInitializationReport init = new SbeStatsInitializationReport();
    init.reportIDs(sessionId, BaseStatsListener.TYPE_ID, workerId, System.currentTimeMillis());
    Runtime rt = Runtime.getRuntime();
    String host = java.net.InetAddress.getLoopbackAddress().getHostName();
    init.reportSoftwareInfo(System.getProperty("os.arch"), System.getProperty("os.name"),
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        System.getProperty("java.specification.version"), Nd4j.getBackend().getClass().getSimpleName() + " (SameDiff)",
        Nd4j.dataType().toString(), host, jvmId, Map.of());
    init.reportHardwareInfo(rt.availableProcessors(), 0, rt.maxMemory(), Pointer.maxBytes(), new long[0],
        new String[0], host);
    init.reportModelInfo("io.solider.tasks.reid.train.ReidModel",
        modelConfig(run.config(), run.model().head().classes()).toJson(),
        groups().toArray(new String[0]), groups().size(), n);
    router.putStaticInfo(init);
  }

  @Override
  public void onEvaluation(int epoch, ReidEvaluation evaluation) {
    lastMap = evaluation.mAP();
    lastRank1 = evaluation.rank(1);
  }

  @Override
  public void onStep(ReidStepStats s, ReidTraining run) {
    long t0 = System.currentTimeMillis();
    if (!initialised) {
      postStaticInfo(run);
      initialised = true;
    }
    steps++;
    images += s.images();
    double biasFactor = run.config().biasLrFactor();
    ParameterStats.Groups groups = parameterStats.collect(run.model().stateDict(), ReidMonitor::group);
    Map<String, Double> lrs = new LinkedHashMap<>();
    for (String g : groups.paramMeanMagnitude().keySet()) {
      lrs.put(g, g.endsWith("_b") ? s.lr() * biasFactor : s.lr());
    }
    SbeStatsReport r = new SbeStatsReport();
    long now = System.currentTimeMillis();
    r.reportIDs(sessionId, BaseStatsListener.TYPE_ID, workerId, now);
    r.reportIterationCount((int) s.iteration());
    r.reportScore(s.loss());
    r.reportLearningRates(lrs);
    process.report(r, now, images, steps);
    r.reportStdev(StatsType.Activations, metrics(s));
    groups.report(r);
    r.reportStatsCollectionDurationMS((int) (System.currentTimeMillis() - t0));
    router.putUpdate(r);
  }

  /** The run's scalars as named series. */
  Map<String, Double> metrics(ReidStepStats s) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("id loss (CE)", s.idLoss());
    m.put("triplet loss", s.tripletLoss());
    m.put("accuracy", s.accuracy());
    m.put("learning rate x1000", s.lr() * 1000);
    m.put("hardest positive distance", s.positiveDistance());
    m.put("hardest negative distance", s.negativeDistance());
    m.put("gradient norm", s.gradNorm());
    m.put("images per second (step)", s.seconds() > 0 ? s.images() / s.seconds() : 0.0);
    if (!Double.isNaN(lastMap)) {
      m.put("mAP (last evaluation)", lastMap);
      m.put("rank-1 (last evaluation)", lastRank1);
    }
    return m;
  }

  /** Parameter groups shown by the UI, in order. */
  public static List<String> groups() {
    return List.of("patch_embed", "stage0", "stage1", "stage2", "stage3", "bottleneck", "classifier");
  }
}
