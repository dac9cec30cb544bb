package io.solider.cli;

import io.solider.cli.options.OutputPaths;
import io.solider.nn.io.JsonFile;
import io.solider.tasks.search.metric.SearchEvalFiles;
import io.solider.tasks.search.metric.SearchEvalInput;
import io.solider.tasks.search.metric.SearchEvaluation;
import io.solider.tasks.search.metric.SearchEvaluator;
import io.solider.tasks.search.metric.SearchProtocol;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code solider search-eval}: person-search mAP, top-k and detection recall/AP of detections computed anywhere. */
@Command(
    name = "search-eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluates person-search results exactly as the release's eval_func.py: gallery detections below "
          + "--det-thresh dropped, similarity = dot product, a target found by the first detection in "
          + "similarity order whose IoU reaches min(0.5, wh/((w+10)(h+10))), AP (scikit-learn) x recall, "
          + "top-1/5/10; detection recall and AP of all detections scoring >= 0.01 at IoU 0.5. "
          + "Writes a JSON file of fractions: mAP, top1, top5, top10, detection {recall, ap}."
    })
final class SearchEvalCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(SearchEvalCommand.class);

  @Option(names = "--gallery", required = true, paramLabel = "gallery.json",
      description = "Gallery scenes: {\"images\": [{\"name\", \"boxes_xyxy\", \"pids\"}...]}.")
  Path gallery;

  @Option(names = "--detections", required = true, paramLabel = "detections.json",
      description = "Per gallery scene, same order: boxes_xyxy, scores, feature_row_offset, count.")
  Path detections;

  @Option(names = "--det-features", required = true, paramLabel = "det.npy",
      description = "Detection embeddings, float32 (N, D).")
  Path detFeatures;

  @Option(names = "--queries", required = true, paramLabel = "queries.json",
      description = "gallery_size and queries [{pid, image, box_xywh, gallery: [{image, gt_box_xywh | null}]}].")
  Path queries;

  @Option(names = "--query-features", required = true, paramLabel = "q.npy",
      description = "Query embeddings, float32 (Q, D), row k = query k.")
  Path queryFeatures;

  @Option(names = "--det-thresh", paramLabel = "S", defaultValue = "0.5",
      description = "Gallery detections scoring below this are dropped from the ranking. Default: ${DEFAULT-VALUE}.")
  double detThresh;

  @Option(names = "--protocol", paramLabel = "P", defaultValue = "cuhk",
      description = "cuhk (each query's gallery list, as CUHK-SYSU's TestG<N>) or prw (every other scene; "
          + "targets are the gallery boxes with the query's pid). Default: ${DEFAULT-VALUE}.")
  String protocol;

  @Option(names = "--output", required = true, converter = OutputPaths.File.class, paramLabel = "FILE", description = "Metrics JSON.")
  Path output;

  @Override
  public Integer call() throws Exception {
    SearchProtocol p = switch (protocol) {
      case "cuhk", "cuhk-sysu", "cuhk_sysu" -> SearchProtocol.CUHK_SYSU;
      case "prw" -> SearchProtocol.PRW;
      default -> throw new IllegalArgumentException("--protocol must be cuhk or prw, got " + protocol);
    };
    if (!Double.isFinite(detThresh)) {
      throw new IllegalArgumentException("--det-thresh must be a finite number, got " + detThresh);
    }
    SearchEvalInput in = SearchEvalFiles.read(
        new SearchEvalFiles.Paths(gallery, detections, detFeatures, queries, queryFeatures), p);
    SearchEvaluation e = SearchEvaluator.evaluate(in, p, detThresh);
    JsonFile.write(e.toJson(), output);
    log.info("{}; wrote {}", e.summary(), output);
    return 0;
  }
}
