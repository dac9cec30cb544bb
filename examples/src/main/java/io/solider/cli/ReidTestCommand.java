package io.solider.cli;

import io.solider.cli.plot.ReidCharts;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.extract.ExtractionConfig;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.extract.FeatureExtractor;
import io.solider.nn.extract.PooledFeatures;
import io.solider.nn.extract.SemanticWeightSpec;
import io.solider.tasks.reid.data.ReidDatasets;
import io.solider.tasks.reid.data.ReidSample;
import io.solider.tasks.reid.data.ReidSplits;
import io.solider.tasks.reid.metric.KReciprocalReranking;
import io.solider.tasks.reid.metric.ReidDistances;
import io.solider.tasks.reid.metric.ReidEvaluation;
import io.solider.tasks.reid.metric.ReidEvaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code solider reid-test}: a checkpoint's re-id accuracy on a Market-1501 or MSMT17 folder, at
 * one semantic weight λ or a sweep of them (the query and gallery images are decoded once; each
 * image enters the backbone once per λ).
 */
@Command(
    name = "reid-test",
    mixinStandardHelpOptions = true,
    description = {
      "Tests a checkpoint on a re-id data set (Market-1501 or MSMT17 layout): extracts the backbone's pooled "
          + "features of the query and gallery images at each semantic weight, evaluates them with the release's "
          + "protocol (optionally k-reciprocal re-ranking) and writes metrics.json, cmc.png and, for several "
          + "weights, lambda.png (mAP and rank-1 over λ)."
    })
final class ReidTestCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ReidTestCommand.class);

  @Mixin EngineOptions engineOptions;

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
      description = "Re-id model (base.* backbone + neck + classifier) or any SOLIDER backbone checkpoint; only the backbone is used.")
  Path checkpoint;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "Re-id data folder: Market-1501 (query/, bounding_box_test/) or MSMT17 (list_query.txt, test/, ...).")
  Path data;

  @Option(names = "--arch", paramLabel = "A", defaultValue = "auto",
      description = "Backbone architecture: auto (read from the checkpoint), or tiny, small, base to insist on one. Default: ${DEFAULT-VALUE}.")
  String arch;

  @Option(names = "--normalization", paramLabel = "NAME", defaultValue = "reid",
      description = "Image normalisation: reid (mean 0.5, std 0.5, the SOLIDER-REID test transform) or imagenet "
          + "(pretraining checkpoints). Default: ${DEFAULT-VALUE}.")
  String normalization;

  @Option(names = "--height", paramLabel = "H", defaultValue = "384",
      description = "Input height (the release's re-id size is 384x128). Default: ${DEFAULT-VALUE}.")
  int height;

  @Option(names = "--width", paramLabel = "W", defaultValue = "128", description = "Input width. Default: ${DEFAULT-VALUE}.")
  int width;

  @Option(names = "--semantic-weight", paramLabel = "L", defaultValue = "0.2",
      description = "Semantic weight λ in [0,1], or a comma list to sweep, e.g. 0,0.2,0.5,0.8,1. Default: ${DEFAULT-VALUE}.")
  String semanticWeight;

  @Option(names = "--rerank", description = "Apply k-reciprocal re-ranking (k1 20, k2 6, λ 0.3 unless set). Default: off.")
  boolean rerank;

  @Option(names = "--k1", paramLabel = "K", defaultValue = "20", description = "Re-ranking k1. Default: ${DEFAULT-VALUE}.")
  int k1;

  @Option(names = "--k2", paramLabel = "K", defaultValue = "6", description = "Re-ranking k2. Default: ${DEFAULT-VALUE}.")
  int k2;

  @Option(names = "--rerank-lambda", paramLabel = "L", defaultValue = "0.3",
      description = "Re-ranking weight of the original distance. Default: ${DEFAULT-VALUE}.")
  double rerankLambda;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "16",
      description = "Samples per forward pass (an image counts once per λ). Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Output folder: metrics.json, cmc.png, lambda.png (several λ).")
  Path output;

  /** Evaluation of one λ. */
  record LambdaResult(double lambda, ReidEvaluation evaluation) {}

  @Override
  public Integer call() throws Exception {
    SemanticWeightSpec spec = SemanticWeightSpec.parse(semanticWeight);
    double[] lambdas = new double[spec.size()];
    for (int i = 0; i < lambdas.length; i++) {
      lambdas[i] = spec.forItem(i);
      for (int j = 0; j < i; j++) {
        if (lambdas[j] == lambdas[i]) {
          throw new IllegalArgumentException("semantic weight " + lambdas[i] + " is given twice");
        }
      }
    }
    KReciprocalReranking.Options rerankOptions = new KReciprocalReranking.Options(k1, k2, rerankLambda);
    ExtractionConfig config = ExtractionConfig.defaults().withBatchSize(batchSize).withSize(height, width)
        .withStages(false).withNormalization(ImageNormalization.named(normalization));
    ReidSplits splits = ReidDatasets.read(data);
    if (splits.query().isEmpty() || splits.gallery().isEmpty()) {
      throw new IllegalArgumentException(data + ": " + splits.name() + " has " + splits.query().size() + " query and "
          + splits.gallery().size() + " gallery images; both are needed");
    }
    Backbone backbone = ReidBackbones.load(checkpoint, arch);

    // Query and gallery in one extraction: one graph, one progress log.
    List<ReidSample> all = new ArrayList<>(splits.query());
    all.addAll(splits.gallery());
    int nq = splits.query().size();
    log.info("{}: {} query + {} gallery images at {}x{}, λ {}", splits.name(), nq, splits.gallery().size(), height,
        width, spec);
    PooledFeatures features = new FeatureExtractor(backbone, config, engineOptions.engine())
        .pooledFeatures(data, all.stream().map(ReidSample::image).toList(), lambdas);
    Split q = Split.of(features.rows(), all, 0, nq);
    Split g = Split.of(features.rows(), all, nq, all.size());
    if (q.size() == 0 || g.size() == 0) {
      throw new IllegalArgumentException(data + ": no decodable " + (q.size() == 0 ? "query" : "gallery") + " image");
    }

    List<LambdaResult> results = new ArrayList<>();
    for (int l = 0; l < lambdas.length; l++) {
      float[][] f = features.at(l);
      INDArray qn = ReidDistances.normalise(Nd4j.createFromArray(q.rowsOf(f)));
      INDArray gn = ReidDistances.normalise(Nd4j.createFromArray(g.rowsOf(f)));
      double[][] dist = rerank ? KReciprocalReranking.rerank(qn, gn, rerankOptions) : ReidDistances.squaredEuclidean(qn, gn);
      ReidEvaluation e = new ReidEvaluator(Math.min(50, g.size()))
          .evaluateDistances(dist, q.pids(), q.cams(), g.pids(), g.cams());
      results.add(new LambdaResult(lambdas[l], e));
      log.info("λ {}{}: {}", ReidCharts.trim(lambdas[l]), rerank ? " (re-ranked)" : "", e);
      qn.close();
      gn.close();
    }
    LambdaResult best = results.get(0);
    for (LambdaResult r : results) {
      if (r.evaluation().mAP() > best.evaluation().mAP()) {
        best = r;
      }
    }
    Files.createDirectories(output);
    JsonFiles.write(metrics(splits, results, best, q.size(), g.size(), features.skipped()), output.resolve("metrics.json"));
    String name = splits.name() + (rerank ? ", re-ranked" : "");
    List<ReidCharts.Curve> curves = results.stream()
        .map(r -> new ReidCharts.Curve(ReidCharts.lambdaLabel(r.lambda()), r.evaluation().cmc())).toList();
    ReidCharts.writeCmc(curves, "CMC, " + name, output.resolve("cmc.png"));
    if (results.size() > 1) {
      ReidCharts.writeMetricsVsLambda(lambdas, results.stream().mapToDouble(r -> r.evaluation().mAP()).toArray(),
          results.stream().mapToDouble(r -> r.evaluation().rank(1)).toArray(), "mAP and rank-1 over λ, " + name,
          output.resolve("lambda.png"));
      log.info("best λ {} (mAP {}%)", ReidCharts.trim(best.lambda()), String.format("%.2f", 100 * best.evaluation().mAP()));
    }
    log.info("wrote {}", output);
    return 0;
  }

  private Map<String, Object> metrics(ReidSplits splits, List<LambdaResult> results, LambdaResult best, int nq, int ng,
      int skipped) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("semantic_weight", best.lambda());
    json.putAll(JsonFiles.reidMetrics(best.evaluation()));
    List<Map<String, Object>> sweep = new ArrayList<>();
    for (LambdaResult r : results) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("semantic_weight", r.lambda());
      m.putAll(JsonFiles.reidMetrics(r.evaluation()));
      sweep.add(m);
    }
    json.put("by_semantic_weight", sweep);
    json.put("reranked", rerank);
    if (rerank) {
      json.put("rerank", Map.of("k1", k1, "k2", k2, "lambda", rerankLambda));
    }
    json.put("dataset", splits.name());
    json.put("data", data.toAbsolutePath().toString());
    json.put("checkpoint", checkpoint.toAbsolutePath().toString());
    json.put("image_size", List.of(height, width));
    json.put("num_query", nq);
    json.put("num_gallery", ng);
    json.put("skipped_images", skipped);
    return json;
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
