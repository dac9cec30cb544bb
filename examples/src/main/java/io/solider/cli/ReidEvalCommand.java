package io.solider.cli;

import io.solider.cli.options.RerankOptions;
import io.solider.cli.options.OutputPaths;
import io.solider.nn.io.FiniteValues;
import io.solider.nn.io.JsonFile;
import io.solider.nn.io.Npy;
import io.solider.tasks.reid.metric.KReciprocalReranking;
import io.solider.tasks.reid.metric.ReidDistances;
import io.solider.tasks.reid.metric.ReidEvaluation;
import io.solider.tasks.reid.metric.ReidEvaluator;
import io.solider.tasks.reid.metric.ReidLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code solider reid-eval}: mAP and CMC of query/gallery features computed anywhere. */
@Command(
    name = "reid-eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluates re-id features with the release's protocol: L2-normalised features, squared Euclidean "
          + "distance (or k-reciprocal re-ranking), same-identity-same-camera gallery items removed, queries "
          + "without a valid match skipped, CMC to rank 50 and mAP. Writes a JSON file of fractions."
    })
final class ReidEvalCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ReidEvalCommand.class);

  @Option(names = "--query", required = true, paramLabel = "Q.npy",
      description = "Query features, a (N, D) .npy array (float32 or float64).")
  Path query;

  @Option(names = "--query-labels", required = true, paramLabel = "Q.csv",
      description = "Query labels: CSV with the header 'pid,camid' and one row per query feature.")
  Path queryLabels;

  @Option(names = "--gallery", required = true, paramLabel = "G.npy",
      description = "Gallery features, a (M, D) .npy array.")
  Path gallery;

  @Option(names = "--gallery-labels", required = true, paramLabel = "G.csv",
      description = "Gallery labels: CSV with the header 'pid,camid' and one row per gallery feature.")
  Path galleryLabels;

  @Mixin RerankOptions rerank;

  @Option(names = "--max-rank", paramLabel = "K", defaultValue = "50",
      description = "Last rank of the CMC curve (capped at the gallery size, as the release does). Default: ${DEFAULT-VALUE}.")
  int maxRank;

  @Option(names = "--output", required = true, converter = OutputPaths.File.class, paramLabel = "FILE",
      description = "Metrics JSON: mAP, rank1, rank5, rank10, cmc (rank 1..max-rank), num_valid_queries.")
  Path output;

  @Override
  public Integer call() throws Exception {
    KReciprocalReranking.Options options = rerank.options();
    if (maxRank < 1) {
      throw new IllegalArgumentException("--max-rank must be >= 1, got " + maxRank);
    }
    INDArray q = features(query);
    INDArray g = features(gallery);
    if (q.columns() != g.columns()) {
      throw new IllegalArgumentException("query features have " + q.columns() + " dimensions but gallery features have "
          + g.columns());
    }
    ReidLabels ql = labels(queryLabels);
    ReidLabels gl = labels(galleryLabels);
    ql.requireRows(q.rows(), queryLabels, query);
    gl.requireRows(g.rows(), galleryLabels, gallery);
    long t0 = System.nanoTime();
    INDArray qn = ReidDistances.normalise(q);
    INDArray gn = ReidDistances.normalise(g);
    double[][] dist = rerank.enabled() ? KReciprocalReranking.rerank(qn, gn, options) : ReidDistances.squaredEuclidean(qn, gn);
    long t1 = System.nanoTime();
    ReidEvaluation e = new ReidEvaluator(Math.min(maxRank, gl.size()))
        .evaluateDistances(dist, ql.pids(), ql.camids(), gl.pids(), gl.camids());
    long t2 = System.nanoTime();
    write(e);
    log.info("{}{} — distances {}s, ranking {}s; wrote {}", rerank.enabled() ? "re-ranked: " : "", e,
        String.format("%.1f", (t1 - t0) / 1e9), String.format("%.1f", (t2 - t1) / 1e9), output);
    return 0;
  }

  private void write(ReidEvaluation e) throws IOException {
    JsonFile.write(e.toJson(), output);
  }

  private static INDArray features(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString());
    }
    INDArray x = Npy.read(file);
    if (x.rank() != 2 || x.rows() == 0 || x.columns() == 0) {
      throw new IllegalArgumentException(file + ": expected a non-empty 2-D (N, D) feature array, got shape "
          + java.util.Arrays.toString(x.shape()));
    }
    if (!x.dataType().isFPType()) {
      throw new IllegalArgumentException(file + ": expected floating-point features, got " + x.dataType());
    }
    FiniteValues.require(x, file.toString(), "row");
    return x;
  }

  private static ReidLabels labels(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString());
    }
    return ReidLabels.read(file);
  }
}
