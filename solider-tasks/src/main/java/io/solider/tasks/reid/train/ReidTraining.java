package io.solider.tasks.reid.train;

import io.solider.nn.util.Seeds;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.RecomputingBackbone;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.optim.Sgd;
import io.solider.nn.train.NonFiniteLossException;
import io.solider.tasks.reid.data.ReidTrainLoader;
import io.solider.tasks.reid.head.BnNeckHead;
import io.solider.tasks.reid.loss.BatchHardTripletLoss;
import io.solider.tasks.reid.loss.CrossEntropyLoss;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One re-id training run's state (model, recomputing backbone, SGD) and its step, in the release's
 * order:
 * <ol>
 *   <li>backbone forward with λ for every image and drop-path masks drawn from (seed, iteration),
 *       through {@link RecomputingBackbone} (activations recomputed in the backward pass);
 *   <li>head: pooled feature → BN neck → classifier; cross-entropy on the logits, soft-margin
 *       batch-hard triplet on the pooled (pre-BN) feature; loss = w_id·CE + w_tri·triplet;
 *   <li>a NaN/Inf loss term stops the step before anything changes
 *       ({@link NonFiniteLossException} naming the term);
 *   <li>head backward by hand, d(pooled) into {@link RecomputingBackbone#backward};
 *   <li>SGD on every trained parameter; frozen as in the release: the semantic controller
 *       ({@code semantic_embed_w/b.*}, {@code requires_grad=False} in SOLIDER-REID's Swin) and
 *       {@code bottleneck.bias}.
 * </ol>
 */
public final class ReidTraining {

  private final ReidTrainConfig config;
  private final ReidModel model;
  private final Sgd sgd;
  private RecomputingBackbone recomputing;

  private ReidTraining(ReidTrainConfig config, ReidModel model, Sgd sgd) {
    this.config = config;
    this.model = model;
    this.sgd = sgd;
  }

  /**
   * A fresh run: the backbone from {@code config.pretrained()} (its architecture, the config's
   * drop-path rate) or randomly initialised from the seed; a new head for {@code classes}.
   */
  public static ReidTraining create(ReidTrainConfig config, int classes) throws IOException {
    Backbone backbone;
    if (config.pretrained() != null) {
      Backbone loaded = Backbone.fromCheckpoint(Path.of(config.pretrained()));
      SwinConfig arch = loaded.config().withDropPathRate(config.arch().dropPathRate());
      backbone = loaded.withConfig(arch);
    } else {
      backbone = Backbone.initialized(config.arch(), config.seed());
    }
    BnNeckHead head = BnNeckHead.initialized(backbone.config().pooledDim(), classes,
        Seeds.mix(config.seed(), -7, -7));
    return new ReidTraining(config.withArch(backbone.config()), new ReidModel(backbone, head),
        new Sgd(config.momentum()));
  }

  /** A run restored from a checkpoint's model and momentum buffers. */
  public static ReidTraining restore(ReidTrainConfig config, ReidModel model, Map<String, INDArray> buffers) {
    Backbone b = model.backbone().withConfig(model.backbone().config().withDropPathRate(config.arch().dropPathRate()));
    Sgd sgd = new Sgd(config.momentum());
    buffers.forEach(sgd::restore);
    return new ReidTraining(config, new ReidModel(b, model.head()), sgd);
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

  /** The recomputing backbone at the training size (also used for feature extraction). */
  public RecomputingBackbone recomputing() {
    if (recomputing == null) {
      recomputing = new RecomputingBackbone(model.backbone(), config.height(), config.width());
    }
    return recomputing;
  }

  /** Whether a backbone key stays frozen (the semantic controller, as the release). */
  public static boolean frozenBackboneKey(String key) {
    return key.startsWith("semantic_embed_");
  }

  /**
   * Whether the loss reaches a backbone key: the output norms of stages 0–2 only feed stage
   * outputs the re-id head never reads, so torch leaves their gradient None and SGD skips them
   * (no weight decay, no momentum); {@link RecomputingBackbone} reports zeros for them.
   */
  public static boolean reachedByLoss(String key) {
    return !(key.startsWith("norm") && !key.startsWith("norm" + (SwinConfig.NUM_STAGES - 1) + "."));
  }

  /** The release's parameter groups: a key containing "bias" gets the bias learning rate and decay. */
  public static boolean biasGroup(String key) {
    return key.contains("bias");
  }

  /**
   * One step on {@code batch}.
   *
   * @throws NonFiniteLossException if a loss term is NaN or infinite (nothing has changed then)
   */
  public ReidStepStats step(ReidTrainLoader.Batch batch, long iteration, int epoch, int batchInEpoch) {
    long t0 = System.nanoTime();
    int[] labels = batch.labels();
    int b = labels.length;
    BnNeckHead head = model.head();
    int d = head.dim();
    INDArray sw = SemanticWeights.constant(config.semanticWeight(), b);
    INDArray keep = dropPathKeep(b, new SplittableRandom(Seeds.mix(config.seed(), iteration, -3)));
    RecomputingBackbone.ForwardPass fp = recomputing().forward(batch.images(), sw, keep);
    float[] pooled = fp.outputs().pooled().castTo(DataType.FLOAT).dup('c').data().asFloat();

    BnNeckHead.Forward hf = head.forwardTrain(pooled, b);
    CrossEntropyLoss.Result ce = CrossEntropyLoss.compute(hf.logits(), b, head.classes(), labels,
        config.labelSmoothing());
    if (!Double.isFinite(ce.loss())) {
      throw new NonFiniteLossException("cross_entropy", ce.loss(), iteration);
    }
    BatchHardTripletLoss.Result tri = BatchHardTripletLoss.compute(pooled, b, d, labels);
    if (!Double.isFinite(tri.loss())) {
      throw new NonFiniteLossException("triplet", tri.loss(), iteration);
    }
    double wId = config.idLossWeight();
    double wTri = config.tripletLossWeight();
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

    double lr = ReidSchedule.lr(config, epoch, 1);
    double lrBias = ReidSchedule.lr(config, epoch, config.biasLrFactor());
    double gradSq = 0;
    Map<String, INDArray> params = model.backbone().parameters();
    for (Map.Entry<String, INDArray> e : g.parameters().entrySet()) {
      String key = e.getKey();
      if (frozenBackboneKey(key) || !reachedByLoss(key)) {
        continue;
      }
      INDArray grad = e.getValue();
      double n = grad.norm2Number().doubleValue();
      gradSq += n * n;
      boolean bias = biasGroup(key);
      sgd.step(ReidModel.BASE + key, params.get(key), grad, bias ? lrBias : lr,
          bias ? config.weightDecayBias() : config.weightDecay());
    }
    Map<String, INDArray> headGrads = new LinkedHashMap<>();
    headGrads.put(BnNeckHead.WEIGHT, hg.gamma());
    headGrads.put(BnNeckHead.CLASSIFIER, hg.classifier());
    for (Map.Entry<String, INDArray> e : head.trainable().entrySet()) {
      INDArray grad = headGrads.get(e.getKey());
      double n = grad.norm2Number().doubleValue();
      gradSq += n * n;
      sgd.step(e.getKey(), e.getValue(), grad, lr, config.weightDecay());
    }
    head.commitRunningStats(hf);
    double loss = wId * ce.loss() + wTri * tri.loss();
    return new ReidStepStats(iteration, epoch, batchInEpoch, loss, ce.loss(), tri.loss(), ce.accuracy(),
        tri.meanPositive(), tri.meanNegative(), lr, Math.sqrt(gradSq), b, (System.nanoTime() - t0) / 1e9);
  }

  /**
   * Per-sample drop-path scales (B, 2·blocks) as {@code BackboneGraph.dropPathKeep}: for each
   * branch of block k with rate p, 0 with probability p, else 1/(1 − p).
   */
  INDArray dropPathKeep(int batch, SplittableRandom rng) {
    double[] rates = model.backbone().config().blockDropPathRates();
    float[] v = new float[batch * 2 * rates.length];
    for (int i = 0; i < batch; i++) {
      for (int k = 0; k < 2 * rates.length; k++) {
        double p = rates[k / 2];
        v[i * 2 * rates.length + k] = p == 0 ? 1f : rng.nextDouble() < p ? 0f : (float) (1 / (1 - p));
      }
    }
    return Nd4j.create(v, new long[] {batch, 2L * rates.length}, 'c');
  }
}
