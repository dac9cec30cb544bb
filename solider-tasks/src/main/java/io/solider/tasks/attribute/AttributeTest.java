package io.solider.tasks.attribute;

import io.solider.nn.extract.ExtractionConfig;
import io.solider.nn.extract.FeatureExtractor;
import io.solider.nn.extract.InferenceEngine;
import io.solider.nn.extract.PooledFeatures;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.image.ImageSize;
import io.solider.nn.io.JsonFile;
import io.solider.tasks.attribute.data.AttributeDataset;
import io.solider.tasks.attribute.data.AttributeSample;
import io.solider.tasks.attribute.data.Pa100kAttributes;
import io.solider.tasks.attribute.head.AttributeHead;
import io.solider.tasks.attribute.metric.AttributeEvaluation;
import io.solider.tasks.attribute.metric.AttributeEvaluator;
import io.solider.tasks.attribute.train.AttributeModel;
import io.solider.tasks.attribute.train.AttributeTrainConfig;
import io.solider.tasks.common.Charts;
import io.solider.tasks.common.LambdaSweep;
import io.solider.tasks.common.OutputFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tests an attribute model on a data set's test split at one or more semantic weights λ with the
 * release's test transform (bilinear resize, ImageNet statistics) and metrics
 * ({@code get_pedestrian_metrics} at threshold 0.5), and writes into the output folder:
 * <ul>
 *   <li>{@code metrics.json}: {@code attr-eval}'s keys for the best λ by mA on top, every λ under
 *       {@code by_semantic_weight}, then what was tested;
 *   <li>{@code label_ma.png}: the per-attribute mA of the best λ as bars;
 *   <li>{@code lambda.png} (several λ): mA and instance F1 over λ;
 *   <li>{@code probs.npy} and {@code labels.npy} of the best λ, so {@code attr-eval} reproduces
 *       its metrics.
 * </ul>
 */
public final class AttributeTest {

  private static final Logger log = LoggerFactory.getLogger(AttributeTest.class);

  /**
   * How to test.
   *
   * @param size input size (256×128)
   * @param lambdas the semantic weights to evaluate, distinct, in [0, 1]
   * @param batchSize images per forward pass
   * @param engine what runs the backbone (SameDiff or ONNX Runtime)
   */
  public record Config(ImageSize size, List<Double> lambdas, int batchSize, InferenceEngine engine) {
    public Config {
      lambdas = LambdaSweep.checkedLambdas(lambdas);
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
      }
      if (engine == null) {
        throw new IllegalArgumentException("an inference engine is required");
      }
    }

    /** The release's test: 256×128, λ 0.8, batches of 64 (SameDiff). */
    public static Config release() {
      return new Config(new ImageSize(256, 128), List.of(0.8), 64, InferenceEngine.SAMEDIFF);
    }
  }

  private AttributeTest() {}

  /**
   * Runs the test and writes its files into {@code output}.
   *
   * @param checkpoint names the model in metrics.json
   * @param data names the data set in metrics.json and in messages
   * @throws IllegalArgumentException when the test split is empty, the model's outputs do not
   *     match the data set's attributes, or the size is too small for the backbone
   */
  public static LambdaSweep<AttributeEvaluation> run(AttributeModel model, Path checkpoint, AttributeDataset dataset,
      Path data, Config config, Path output) throws IOException {
    AttributeDataset ds = Pa100kAttributes.inReleaseOrder(dataset);
    List<AttributeSample> test = ds.test();
    if (test.isEmpty()) {
      throw new IllegalArgumentException(data + ": the test split has no images");
    }
    AttributeHead head = model.head();
    int a = ds.attributes().size();
    if (head.attributes() != a) {
      throw new IllegalArgumentException(checkpoint + " has " + head.attributes() + " attribute outputs, " + data
          + " has " + a + " attributes");
    }
    AttributeTrainConfig.requireInputFits(model.backbone().config(), config.size());
    double[] lambdas = config.lambdas().stream().mapToDouble(Double::doubleValue).toArray();
    log.info("{}: {} test images at {}, λ {}", ds.name(), test.size(), config.size(), config.lambdas());
    PooledFeatures f = features(model, data, test.stream().map(AttributeSample::image).toList(), config.size(),
        config.batchSize(), config.engine(), lambdas);
    int n = f.size();
    double[] labels = new double[n * a];
    for (int i = 0; i < n; i++) {
      int[] l = test.get(f.rows()[i]).labels();
      for (int j = 0; j < a; j++) {
        labels[i * a + j] = l[j];
      }
    }
    List<LambdaSweep.Entry<AttributeEvaluation>> entries = new ArrayList<>();
    List<float[]> probs = new ArrayList<>();
    for (int l = 0; l < lambdas.length; l++) {
      float[] p = probabilities(head, f.at(l));
      AttributeEvaluation e = new AttributeEvaluator().evaluate(AttributeEvaluator.predict(p,
          AttributeEvaluator.DEFAULT_THRESHOLD), labels, a);
      entries.add(new LambdaSweep.Entry<>(lambdas[l], e));
      probs.add(p);
      log.info("λ {}: {}", Charts.trim(lambdas[l]), e);
    }
    LambdaSweep<AttributeEvaluation> sweep = LambdaSweep.of(entries, Comparator.comparingDouble(AttributeEvaluation::mA));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("attributes", ds.attributes());
    extra.put("dataset", ds.name());
    extra.put("data", data.toAbsolutePath().toString());
    extra.put("checkpoint", checkpoint.toAbsolutePath().toString());
    extra.put("image_size", List.of(config.size().height(), config.size().width()));
    extra.put("num_images", n);
    extra.put("skipped_images", f.skipped());
    JsonFile.write(sweep.toJson(extra), output.resolve("metrics.json"));
    OutputFiles.writeNpy(Nd4j.create(probs.get(sweep.best()), new long[] {n, a}, 'c'), output.resolve("probs.npy"));
    OutputFiles.writeNpy(Nd4j.create(labels, new long[] {n, a}, 'c'), output.resolve("labels.npy"));
    String lambdaText = Charts.lambdaLabel(sweep.bestEntry().lambda());
    Charts.writeBars(ds.attributes(), sweep.bestEntry().evaluation().labels().ma(), "mA",
        "mA per attribute, " + ds.name() + ", " + lambdaText + " (mean " + String.format("%.2f%%",
            100 * sweep.bestEntry().evaluation().mA()) + ")", output.resolve("label_ma.png"));
    Map<String, ToDoubleFunction<? super AttributeEvaluation>> metrics = new LinkedHashMap<>();
    metrics.put("mA", AttributeEvaluation::mA);
    metrics.put("instance F1", e -> e.instance().f1());
    sweep.writeChart(metrics, "mA", "mA and instance F1 over λ, " + ds.name(), output.resolve("lambda.png"));
    if (sweep.entries().size() > 1) {
      log.info("best λ {} (mA {}%)", Charts.trim(sweep.bestEntry().lambda()),
          String.format("%.2f", 100 * sweep.bestEntry().evaluation().mA()));
    }
    return sweep;
  }

  /** Pooled features of {@code files} at every λ, with the release's test transform. */
  static PooledFeatures features(AttributeModel model, Path root, List<Path> files, ImageSize size, int batchSize,
      InferenceEngine engine, double... lambdas) throws IOException {
    ExtractionConfig extraction = ExtractionConfig.defaults().withBatchSize(batchSize)
        .withSize(size.height(), size.width()).withStages(false).withNormalization(ImageNormalization.imagenet());
    return new FeatureExtractor(model.backbone(), extraction, engine).pooledFeatures(root, files, lambdas);
  }

  /** Sigmoid of the head's logits, (N, A) row-major. */
  static float[] probabilities(AttributeHead head, float[][] pooled) {
    int n = pooled.length;
    float[] flat = new float[n * head.dim()];
    for (int i = 0; i < n; i++) {
      System.arraycopy(pooled[i], 0, flat, i * head.dim(), head.dim());
    }
    return AttributeHead.probabilities(head.forward(flat, n));
  }
}
