package io.solider.tasks.reid;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.extract.ExtractionConfig;
import io.solider.nn.extract.FeatureExtractor;
import io.solider.nn.extract.InferenceEngine;
import io.solider.nn.extract.PooledFeatures;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.image.ImageSize;
import io.solider.nn.io.JsonFile;
import io.solider.tasks.common.Charts;
import io.solider.tasks.common.LambdaSweep;
import io.solider.tasks.reid.data.ReidSample;
import io.solider.tasks.reid.data.ReidSplits;
import io.solider.tasks.reid.metric.KReciprocalReranking;
import io.solider.tasks.reid.metric.ReidDistances;
import io.solider.tasks.reid.metric.ReidEvaluation;
import io.solider.tasks.reid.metric.ReidEvaluator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tests a backbone on a re-id data set's query/gallery at one or more semantic weights λ, with the
 * release's protocol (pooled feature before the BN neck, L2-normalised, squared Euclidean distance
 * or k-reciprocal re-ranking, CMC to rank 50 and mAP), and writes {@code metrics.json} (best λ on
 * top, every λ listed), {@code cmc.png} and, for several λ, {@code lambda.png}.
 */
public final class ReidTest {

  private static final Logger log = LoggerFactory.getLogger(ReidTest.class);

  /**
   * How to test.
   *
   * @param size input size (384×128)
   * @param normalization image normalisation (mean 0.5 / std 0.5 for re-id models)
   * @param lambdas the semantic weights to evaluate, distinct, in [0, 1]
   * @param rerank re-ranking settings, or null for plain distances
   * @param batchSize images per forward pass
   * @param engine what runs the backbone (SameDiff or ONNX Runtime)
   */
  public record Config(ImageSize size, ImageNormalization normalization, List<Double> lambdas,
      KReciprocalReranking.Options rerank, int batchSize, InferenceEngine engine) {
    public Config {
      lambdas = LambdaSweep.requireValidLambdas(lambdas);
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
      }
    }
  }

  private ReidTest() {}

  /**
   * Runs the test and writes its files into {@code output}.
   *
   * @param checkpoint names the model in metrics.json
   * @throws IllegalArgumentException when the data has no query or no gallery image
   */
  public static LambdaSweep<ReidEvaluation> run(Backbone backbone, Path checkpoint, ReidSplits splits, Path data,
      Config config, Path output) throws IOException {
    if (splits.query().isEmpty() || splits.gallery().isEmpty()) {
      throw new IllegalArgumentException(data + ": " + splits.name() + " has " + splits.query().size() + " query and "
          + splits.gallery().size() + " gallery images; both are needed");
    }
    double[] lambdas = config.lambdas().stream().mapToDouble(Double::doubleValue).toArray();
    ExtractionConfig extraction = ExtractionConfig.defaults().withBatchSize(config.batchSize())
        .withSize(config.size().height(), config.size().width()).withStages(false)
        .withNormalization(config.normalization());
    // Query and gallery in one extraction: one graph, one progress log.
    List<ReidSample> all = new ArrayList<>(splits.query());
    all.addAll(splits.gallery());
    int nq = splits.query().size();
    log.info("{}: {} query + {} gallery images at {}, λ {}", splits.name(), nq, splits.gallery().size(),
        config.size(), config.lambdas());
    PooledFeatures features = new FeatureExtractor(backbone, extraction, config.engine())
        .pooledFeatures(data, all.stream().map(ReidSample::image).toList(), lambdas);
    Split q = Split.of(features.rows(), all, 0, nq);
    Split g = Split.of(features.rows(), all, nq, all.size());
    if (q.size() == 0 || g.size() == 0) {
      throw new IllegalArgumentException(data + ": no decodable " + (q.size() == 0 ? "query" : "gallery") + " image");
    }
    List<LambdaSweep.Entry<ReidEvaluation>> entries = new ArrayList<>();
    for (int l = 0; l < lambdas.length; l++) {
      float[][] f = features.at(l);
      INDArray qn = ReidDistances.normalise(Nd4j.createFromArray(q.rowsOf(f)));
      INDArray gn = ReidDistances.normalise(Nd4j.createFromArray(g.rowsOf(f)));
      double[][] dist = config.rerank() != null ? KReciprocalReranking.rerank(qn, gn, config.rerank())
          : ReidDistances.squaredEuclidean(qn, gn);
      ReidEvaluation e = new ReidEvaluator(Math.min(50, g.size()))
          .evaluateDistances(dist, q.pids(), q.cams(), g.pids(), g.cams());
      entries.add(new LambdaSweep.Entry<>(lambdas[l], e));
      log.info("λ {}{}: {}", Charts.trim(lambdas[l]), config.rerank() != null ? " (re-ranked)" : "", e);
      qn.close();
      gn.close();
    }
    LambdaSweep<ReidEvaluation> sweep = LambdaSweep.of(entries, Comparator.comparingDouble(ReidEvaluation::mAP));
    write(sweep, checkpoint, splits, data, config, q.size(), g.size(), features.skipped(), output);
    return sweep;
  }

  private static void write(LambdaSweep<ReidEvaluation> sweep, Path checkpoint, ReidSplits splits, Path data,
      Config config, int nq, int ng, int skipped, Path output) throws IOException {
    Files.createDirectories(output);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("reranked", config.rerank() != null);
    if (config.rerank() != null) {
      extra.put("rerank", Map.of("k1", config.rerank().k1(), "k2", config.rerank().k2(), "lambda",
          config.rerank().lambda()));
    }
    extra.put("dataset", splits.name());
    extra.put("data", data.toAbsolutePath().toString());
    extra.put("checkpoint", checkpoint.toAbsolutePath().toString());
    extra.put("image_size", List.of(config.size().height(), config.size().width()));
    extra.put("num_query", nq);
    extra.put("num_gallery", ng);
    extra.put("skipped_images", skipped);
    JsonFile.write(sweep.toJson(extra), output.resolve("metrics.json"));
    String name = splits.name() + (config.rerank() != null ? ", re-ranked" : "");
    List<Charts.Curve> curves = sweep.entries().stream()
        .map(r -> new Charts.Curve(Charts.lambdaLabel(r.lambda()), r.evaluation().cmc())).toList();
    Charts.writeCmc(curves, "CMC, " + name, output.resolve("cmc.png"));
    Map<String, ToDoubleFunction<? super ReidEvaluation>> metrics = new LinkedHashMap<>();
    metrics.put("mAP", ReidEvaluation::mAP);
    metrics.put("rank-1", e -> e.rank(1));
    sweep.writeChart(metrics, "mAP", "mAP and rank-1 over λ, " + name, output.resolve("lambda.png"));
    if (sweep.entries().size() > 1) {
      log.info("best λ {} (mAP {}%)", Charts.trim(sweep.bestEntry().lambda()),
          String.format("%.2f", 100 * sweep.bestEntry().evaluation().mAP()));
    }
  }

  /** The feature rows of one split (query or gallery) among the extracted images, with their labels. */
  record Split(int[] featureRows, int[] pids, int[] cams) {

    /** Extracted rows whose input index lies in {@code [from, to)}. */
    static Split of(int[] inputIndexOfRow, List<ReidSample> samples, int from, int to) {
      List<Integer> rows = new ArrayList<>();
      for (int r = 0; r < inputIndexOfRow.length; r++) {
        if (inputIndexOfRow[r] >= from && inputIndexOfRow[r] < to) {
          rows.add(r);
        }
      }
      int[] fr = rows.stream().mapToInt(Integer::intValue).toArray();
      int[] pids = new int[fr.length];
      int[] cams = new int[fr.length];
      for (int i = 0; i < fr.length; i++) {
        ReidSample s = samples.get(inputIndexOfRow[fr[i]]);
        pids[i] = s.pid();
        cams[i] = s.camera();
      }
      return new Split(fr, pids, cams);
    }

    int size() {
      return featureRows.length;
    }

    float[][] rowsOf(float[][] features) {
      float[][] out = new float[featureRows.length][];
      for (int i = 0; i < out.length; i++) {
        out[i] = features[featureRows[i]];
      }
      return out;
    }
  }
}
