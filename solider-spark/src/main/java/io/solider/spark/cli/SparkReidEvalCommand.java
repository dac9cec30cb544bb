package io.solider.spark.cli;

import io.solider.nn.io.JsonFile;
import io.solider.nn.io.Npy;
import io.solider.spark.eval.DistributedReidEval;
import io.solider.spark.eval.GalleryBlocking;
import io.solider.spark.extract.Embeddings;
import io.solider.tasks.reid.metric.ReidEvaluation;
import io.solider.tasks.reid.metric.ReidLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code solider spark reid-eval}: {@code reid-eval} distributed by query blocks, the gallery broadcast or blocked. */
@Command(
    name = "reid-eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluates re-id features as solider reid-eval does (same metrics JSON, equal numbers; no re-ranking), "
          + "distributed by query blocks with the gallery broadcast, or sent in blocks of rows when it is too big to "
          + "broadcast. Features are .npy arrays with label CSVs, or the Parquet output of solider spark extract "
          + "(labels from its pid and camid columns)."
    })
final class SparkReidEvalCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(SparkReidEvalCommand.class);

  @Mixin SparkCli.SparkOptions spark = new SparkCli.SparkOptions();

  @Option(names = "--query", required = true, paramLabel = "Q.npy|DIR",
      description = "Query features: a (N, D) .npy array, or an extraction folder (Parquet).")
  Path query;

  @Option(names = "--query-labels", paramLabel = "Q.csv",
      description = "Query labels, CSV 'pid,camid' (with a .npy query only).")
  Path queryLabels;

  @Option(names = "--gallery", required = true, paramLabel = "G.npy|DIR",
      description = "Gallery features: a (M, D) .npy array, or an extraction folder (Parquet).")
  Path gallery;

  @Option(names = "--gallery-labels", paramLabel = "G.csv",
      description = "Gallery labels, CSV 'pid,camid' (with a .npy gallery only).")
  Path galleryLabels;

  @Option(names = "--max-rank", paramLabel = "K", defaultValue = "50",
      description = "Last rank of the CMC curve (capped at the gallery size). Default: ${DEFAULT-VALUE}.")
  int maxRank;

  @Option(names = "--gallery-block-rows", paramLabel = "N", defaultValue = "0",
      description = "Send the gallery to the executors in blocks of N rows instead of broadcasting it whole "
          + "(same result). 0: automatic, blocks only for a gallery larger than --max-broadcast-mb. "
          + "Default: ${DEFAULT-VALUE}.")
  int galleryBlockRows;

  @Option(names = "--max-broadcast-mb", paramLabel = "MB", defaultValue = "1024",
      description = "With --gallery-block-rows 0: the largest gallery (4 bytes × rows × dimension) broadcast "
          + "whole; a larger one goes in blocks of about 32 MB. Default: ${DEFAULT-VALUE}.")
  long maxBroadcastMb;

  @Option(names = "--output", required = true, paramLabel = "FILE",
      description = "Metrics JSON: mAP, rank1, rank5, rank10, cmc, num_valid_queries.")
  Path output;

  /** Features and labels of one side. */
  private record Side(INDArray features, ReidLabels labels) {}

  @Override
  public Integer call() throws Exception {
    if (maxRank < 1) {
      throw new IllegalArgumentException("--max-rank must be >= 1, got " + maxRank);
    }
    if (galleryBlockRows < 0) {
      throw new IllegalArgumentException("--gallery-block-rows must be >= 0 (0: automatic), got " + galleryBlockRows);
    }
    if (maxBroadcastMb < 0 || maxBroadcastMb > (Long.MAX_VALUE >> 20)) {
      throw new IllegalArgumentException("--max-broadcast-mb must be >= 0, got " + maxBroadcastMb);
    }
    GalleryBlocking blocking = new GalleryBlocking(galleryBlockRows, maxBroadcastMb << 20);
    SparkSession session = spark.session("reid-eval");
    Side q = side(session, query, queryLabels, "--query-labels");
    Side g = side(session, gallery, galleryLabels, "--gallery-labels");
    long t0 = System.nanoTime();
    ReidEvaluation e = new DistributedReidEval(session).evaluate(q.features(), q.labels(), g.features(), g.labels(), maxRank,
        blocking);
    JsonFile.write(e.toJson(), output);
    log.info("{} — {} s on Spark; wrote {}", e, String.format("%.1f", (System.nanoTime() - t0) / 1e9), output);
    return 0;
  }

  private static Side side(SparkSession session, Path features, Path labels, String labelOption) throws IOException {
    if (Files.isDirectory(features)) {
      if (labels != null) {
        throw new IllegalArgumentException(labelOption + " is for .npy features; " + features
            + " is an extraction, whose labels are its pid and camid columns");
      }
      Embeddings e = Embeddings.collect(session, features);
      return new Side(Nd4j.create(e.features()), new ReidLabels(e.pids(), e.camids()));
    }
    if (!Files.isRegularFile(features)) {
      throw new NoSuchFileException(features.toString());
    }
    if (labels == null) {
      throw new IllegalArgumentException(labelOption + " is required with the .npy features " + features);
    }
    if (!Files.isRegularFile(labels)) {
      throw new NoSuchFileException(labels.toString());
    }
    INDArray x = Npy.read(features);
    if (x.rank() != 2 || x.rows() == 0 || x.columns() == 0 || !x.dataType().isFPType()) {
      throw new IllegalArgumentException(features + ": expected a non-empty 2-D (N, D) float array, got "
          + x.dataType() + " " + java.util.Arrays.toString(x.shape()));
    }
    ReidLabels l = ReidLabels.read(labels);
    l.requireRows(x.rows(), labels, features);
    return new Side(x, l);
  }
}
