package io.solider.tasks.attribute.train;

import io.solider.nn.backbone.RecomputingBackbone;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.progress.ProgressLog;
import io.solider.tasks.attribute.data.AttributeExamples;
import io.solider.tasks.attribute.data.AttributeSample;
import io.solider.tasks.attribute.data.AttributeTransform;
import io.solider.tasks.attribute.head.AttributeHead;
import io.solider.tasks.attribute.loss.WeightedBceLoss;
import io.solider.tasks.attribute.metric.AttributeEvaluation;
import io.solider.tasks.attribute.metric.AttributeEvaluator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The release's pass over an evaluation split ({@code batch_engine.valid_trainer}): each image
 * through the test transform, the backbone at λ without drop path, the head, sigmoid; the
 * weighted BCE of each batch and their unweighted mean (the release's {@code AverageMeter} with
 * n = 1, so a smaller last batch weighs as much as a full one); the metrics of
 * {@link AttributeEvaluator} at threshold 0.5. Images are decoded one batch ahead on a second
 * thread; unreadable ones are skipped with a warning and counted.
 */
public final class AttributePredictor {

  private static final Logger log = LoggerFactory.getLogger(AttributePredictor.class);

  private final RecomputingBackbone backbone;
  private final AttributeHead head;
  private final double semanticWeight;
  private final int batchSize;

  /**
   * @param backbone the model's backbone at the test size
   * @param head the model's head
   * @param semanticWeight λ
   * @param batchSize images per forward pass (also the loss's batches)
   */
  public AttributePredictor(RecomputingBackbone backbone, AttributeHead head, double semanticWeight, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    this.backbone = backbone;
    this.head = head;
    this.semanticWeight = semanticWeight;
    this.batchSize = batchSize;
  }

  /**
   * Probabilities and loss of a split.
   *
   * @param probabilities (N, A) row-major sigmoid outputs of the images read
   * @param labels (N, A) row-major 0/1 truth of the same images
   * @param samples indices into the split of the images read
   * @param meanLoss mean over batches of each batch's weighted BCE (NaN without a loss)
   * @param skipped images that could not be read
   */
  public record Predictions(float[] probabilities, float[] labels, int[] samples, int attributes, double meanLoss,
      int skipped) {

    public int size() {
      return samples.length;
    }

    /** The release's metrics of these predictions (threshold 0.5). */
    public AttributeEvaluation evaluate() {
      if (samples.length == 0) {
        throw new IllegalArgumentException("no readable image to evaluate");
      }
      double[] truth = new double[labels.length];
      for (int i = 0; i < truth.length; i++) {
        truth[i] = labels[i];
      }
      return new AttributeEvaluator().evaluate(AttributeEvaluator.predict(probabilities,
          AttributeEvaluator.DEFAULT_THRESHOLD), truth, attributes);
    }
  }

  /**
   * The pooled features of a split, as the test pass computes them, for a caller that reuses them
   * (a linear probe on the frozen backbone, {@link AttributeProbe}).
   *
   * @param pooled (N, C) row-major pooled {@code norm3} features of the images read
   * @param labels (N, A) row-major 0/1 truth of the same images
   * @param samples indices into the split of the images read (ascending)
   * @param dim C
   * @param batchSize the batches the features were computed in: rows whose samples share
   *     {@code sample / batchSize} formed one forward pass (and form one loss batch in
   *     {@link #predict(Features, AttributeHead, WeightedBceLoss)})
   * @param skipped images that could not be read
   */
  public record Features(float[] pooled, float[] labels, int[] samples, int dim, int batchSize, int skipped) {

    public int size() {
      return samples.length;
    }

    public int attributes() {
      return samples.length == 0 ? 0 : labels.length / samples.length;
    }
  }

  /**
   * Runs the split.
   *
   * @param transform the test transform (its size must be the backbone's)
   * @param loss the loss of each batch, or null for none
   * @throws IllegalArgumentException when the split is empty or no image can be read
   */
  public Predictions predict(List<AttributeSample> split, AttributeTransform transform, WeightedBceLoss loss,
      String name) {
    return predict(features(split, transform, name), head, loss);
  }

  /**
   * The predictions of {@code head} on features computed before: the same numbers as
   * {@link #predict(List, AttributeTransform, WeightedBceLoss, String)} on the images, loss batches
   * included.
   */
  public static Predictions predict(Features f, AttributeHead head, WeightedBceLoss loss) {
    int a = head.attributes();
    int c = f.dim();
    if (c != head.dim()) {
      throw new IllegalArgumentException("features of " + c + " channels for a head of " + head.dim());
    }
    float[] probs = new float[f.size() * a];
    double lossSum = 0;
    int lossBatches = 0;
    for (int from = 0; from < f.size(); ) {
      int batch = f.samples()[from] / f.batchSize();
      int to = from;
      while (to < f.size() && f.samples()[to] / f.batchSize() == batch) {
        to++;
      }
      int n = to - from;
      float[] logits = head.forward(Arrays.copyOfRange(f.pooled(), from * c, to * c), n);
      if (loss != null) {
        lossSum += loss.compute(logits, Arrays.copyOfRange(f.labels(), from * a, to * a), n).value();
        lossBatches++;
      }
      System.arraycopy(AttributeHead.probabilities(logits), 0, probs, from * a, n * a);
      from = to;
    }
    return new Predictions(probs, f.labels().clone(), f.samples().clone(), a,
        lossBatches == 0 ? Double.NaN : lossSum / lossBatches, f.skipped());
  }

  /**
   * The pooled features of a split: each image through the test transform and the backbone at λ
   * without drop path, in batches of this predictor's size.
   *
   * @throws IllegalArgumentException when the split is empty or no image can be read
   */
  public Features features(List<AttributeSample> split, AttributeTransform transform, String name) {
    if (split.isEmpty()) {
      throw new IllegalArgumentException(name + ": the split has no images");
    }
    AttributeExamples examples = new AttributeExamples(split, transform, false);
    List<float[]> pooled = new ArrayList<>();
    List<float[]> labels = new ArrayList<>();
    List<Integer> kept = new ArrayList<>();
    ProgressLog progress = ProgressLog.every10s(log, name, "images", split.size());
    ExecutorService decoder = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "attribute-test-loader");
      t.setDaemon(true);
      return t;
    });
    try {
      CompletableFuture<Optional<AttributeExamples.Batch>> next = load(examples, 0, decoder);
      for (int from = 0; from < split.size(); from += batchSize) {
        Optional<AttributeExamples.Batch> batch = next.get();
        if (from + batchSize < split.size()) {
          next = load(examples, from + batchSize, decoder);
        }
        int count = Math.min(batchSize, split.size() - from);
        if (batch.isEmpty()) {
          progress.advance(count);
          continue;
        }
        try (AttributeExamples.Batch b = batch.get()) {
          int n = b.size();
          RecomputingBackbone.ForwardPass fp = backbone.forward(b.images(), SemanticWeights.constant(semanticWeight, n),
              null);
          pooled.add(fp.outputs().pooled().castTo(DataType.FLOAT).dup('c').data().asFloat());
          fp.close();
          labels.add(b.labels());
          for (int i : b.indices()) {
            kept.add(i);
          }
        }
        progress.advance(count);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + name, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      decoder.shutdownNow();
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException(name + ": none of the " + split.size() + " images could be read");
    }
    float[] all = concat(pooled);
    return new Features(all, concat(labels), kept.stream().mapToInt(Integer::intValue).toArray(),
        all.length / kept.size(), batchSize, split.size() - kept.size());
  }

  private CompletableFuture<Optional<AttributeExamples.Batch>> load(AttributeExamples examples, int from,
      ExecutorService decoder) {
    return CompletableFuture.supplyAsync(() -> {
      List<AttributeExamples.Example> list = new ArrayList<>();
      for (int i = from; i < Math.min(examples.size(), from + batchSize); i++) {
        examples.load(i, null).ifPresent(list::add);
      }
      return list.isEmpty() ? Optional.empty() : Optional.of(examples.stack(list));
    }, decoder);
  }

  private static float[] concat(List<float[]> parts) {
    int n = parts.stream().mapToInt(p -> p.length).sum();
    float[] out = new float[n];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
