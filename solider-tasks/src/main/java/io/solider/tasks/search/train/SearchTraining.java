package io.solider.tasks.search.train;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.optim.GradientClipping;
import io.solider.nn.optim.Sgd;
import io.solider.nn.train.NonFiniteLossException;
import io.solider.nn.train.Position;
import io.solider.nn.train.RunFolder;
import io.solider.nn.train.Schedules;
import io.solider.nn.train.TrainingRun;
import io.solider.nn.util.Seeds;
import io.solider.tasks.search.data.SearchTrainLoader;
import io.solider.tasks.search.head.SearchModel;
import io.solider.tasks.search.head.SearchNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One person-search training run's state (model with OIM's tables, its graphs, SGD) and its step
 * ({@link SearchStep}), as the release's {@code train_one_epoch}: loss = the plain sum of the
 * seven weighted terms; a NaN or infinite term (or gradient norm) stops the run before anything
 * changes; the global gradient norm clipped at 10; SGD (momentum 0.9, weight decay 5e-4) on every
 * parameter the loss reaches — torch skips parameters whose gradient is None, so the trunk's
 * unused {@code norm0}, {@code norm1} and last controller, and the re-id copy's patch embedding,
 * stages 0–2 blocks and norms 0–2, are neither decayed nor moved; then the batch-norm running
 * statistics and OIM's tables move (OIM updates in its backward pass).
 *
 * <p>Learning rate per iteration: epoch 0 warms up linearly from 1/1000 of the rate over the
 * epoch's iterations − 1 ({@code warmup_lr_scheduler}), then {@code MultiStepLR} (× 0.1 from epoch
 * 16).
 */
public final class SearchTraining implements TrainingRun<SearchTrainLoader.Batch, SearchStepStats> {

  /** Kind of the training checkpoint. */
  public static final String KIND = "person-search";

  private final SearchTrainConfig config;
  private final SearchModel model;
  private final SearchNetwork net;
  private final Sgd sgd;
  private final int itersPerEpoch;
  private final double[] lr;
  private final SearchStep step;

  SearchTraining(SearchTrainConfig config, SearchModel model, Sgd sgd, int itersPerEpoch) {
    if (itersPerEpoch < 1) {
      throw new IllegalArgumentException("an epoch needs at least one batch");
    }
    this.config = config;
    this.model = model;
    this.net = new SearchNetwork(model);
    this.sgd = sgd;
    this.itersPerEpoch = itersPerEpoch;
    this.lr = schedule(config, itersPerEpoch);
    this.step = new SearchStep(net, config);
  }

  /** The per-iteration learning rates (length epochs × iterations per epoch). */
  public static double[] schedule(SearchTrainConfig config, int itersPerEpoch) {
    SearchTrainConfig.Schedule s = config.schedule();
    double[] perEpoch = Schedules.multiStep(config.optimizer().lr(), s.milestones(), s.gamma(), s.epochs());
    return Schedules.withLinearWarmup(Schedules.perIteration(perEpoch, itersPerEpoch), itersPerEpoch - 1,
        s.warmupFactor());
  }

  /**
   * A fresh run: the backbone of {@code config.model().pretrained()} (its architecture, the
   * config's drop-path rate) in trunk and re-id head, or a random one; heads initialised from the seed.
   */
  public static SearchTraining create(SearchTrainConfig config, int itersPerEpoch) throws IOException {
    SearchTrainConfig.Model m = config.model();
    SearchModel model;
    long headSeed = Seeds.of(config.seed(), Seeds.Stream.HEAD_INIT);
    if (m.pretrained() != null) {
      Backbone loaded = Backbone.fromCheckpoint(Path.of(m.pretrained()));
      Backbone b = loaded.withConfig(loaded.config().withDropPathRate(m.arch().dropPathRate()));
      model = SearchModel.fromPretrained(b, headSeed, m.lutSize(), m.queueSize());
    } else {
      model = SearchModel.initialized(m.arch(), headSeed, m.lutSize(), m.queueSize());
    }
    return new SearchTraining(config.toBuilder().arch(model.arch()).build(), model,
        new Sgd(config.optimizer().momentum()), itersPerEpoch);
  }

  /** A run restored from a checkpoint's model, OIM queue head and momentum buffers. */
  static SearchTraining restore(SearchTrainConfig config, SearchModel model, Map<String, INDArray> buffers,
      int itersPerEpoch) {
    Sgd sgd = new Sgd(config.optimizer().momentum());
    buffers.forEach(sgd::restore);
    return new SearchTraining(config, model.withDropPathRate(config.model().arch().dropPathRate()), sgd,
        itersPerEpoch);
  }

  /** Whether the loss reaches a key of the trunk's module (trunk + box head): not norm0, norm1 or controller 3. */
  static boolean trunkReached(String key) {
    return !(key.startsWith("norm0.") || key.startsWith("norm1.") || key.startsWith("semantic_embed_w.3.")
        || key.startsWith("semantic_embed_b.3."));
  }

  /** Whether the loss reaches a key of the re-id head's copy: stage 2's merging, controller 2, stage 3, norm3. */
  static boolean reidHeadReached(String key) {
    return key.startsWith("stages.2.downsample.") || key.startsWith("semantic_embed_w.2.")
        || key.startsWith("semantic_embed_b.2.") || key.startsWith("stages.3.") || key.startsWith("norm3.");
  }

  public SearchTrainConfig config() {
    return config;
  }

  public SearchModel model() {
    return model;
  }

  /** The graphs on the model (for evaluation). */
  public SearchNetwork network() {
    return net;
  }

  public Sgd optimizer() {
    return sgd;
  }

  public int iterationsPerEpoch() {
    return itersPerEpoch;
  }

  /** The learning rate of the step at {@code at}. */
  public double learningRate(Position at) {
    return lr[Math.min(lr.length - 1, at.epoch() * itersPerEpoch + at.batch())];
  }

  @Override
  public Map<String, INDArray> parameters() {
    return model.parameters();
  }

  @Override
  public SearchStepStats step(SearchTrainLoader.Batch batch, Position at) {
    long t0 = System.nanoTime();
    SearchStep.Result r = step.run(batch, at.iteration(), Seeds.random(config.seed(), Seeds.Stream.STEP, at.iteration()),
        Seeds.random(config.seed(), Seeds.Stream.DROP_PATH, at.iteration()));
    try {
      SearchTrainConfig.Optimizer o = config.optimizer();
      double norm = o.clipNorm() > 0 ? GradientClipping.clipGlobalNorm(r.gradients().values(), o.clipNorm())
          : GradientClipping.clipGlobalNorm(r.gradients().values(), Double.MAX_VALUE);
      if (!Double.isFinite(norm)) {
        throw new NonFiniteLossException("gradient norm", norm, at.iteration());
      }
      double rate = learningRate(at);
      Map<String, INDArray> params = model.parameters();
      for (Map.Entry<String, INDArray> e : r.gradients().entrySet()) {
        INDArray p = params.get(e.getKey());
        if (p == null) {
          throw new IllegalStateException("gradient for unknown parameter " + e.getKey());
        }
        sgd.step(e.getKey(), p, e.getValue(), rate, o.weightDecay());
      }
      r.statistics().commit(model.heads());
      commitRescaler(r);
      model.oim().update(r.embeddings(), r.labels());
      double oimTop1 = r.oimCounted() == 0 ? 0 : (double) r.oimHits() / r.oimCounted();
      return new SearchStepStats(at, r.losses(), rate, norm, r.positives()[0], r.positives()[1], r.oimCounted(),
          oimTop1, batch.size(), (System.nanoTime() - t0) / 1e9);
    } finally {
      SearchStep.closeAll(r);
    }
  }

  /** The rescaler's running statistics as its training forward pass moved them, and its batch count. */
  private void commitRescaler(SearchStep.Result r) {
    Map<String, INDArray> s = model.heads().state();
    s.get(SearchModel.RESCALER + "running_mean").assign(r.rescaler().runningMean());
    s.get(SearchModel.RESCALER + "running_var").assign(r.rescaler().runningVar());
    INDArray n = s.get(SearchModel.RESCALER + "num_batches_tracked");
    n.assign(n.getLong(0) + 1);
  }

  @Override
  public void save(RunFolder folder, Position next) throws IOException {
    SearchCheckpoint.write(this, next, folder.checkpoint());
    SearchCheckpoint.writeModel(model, folder.file(SearchCheckpoint.MODEL));
  }
}
