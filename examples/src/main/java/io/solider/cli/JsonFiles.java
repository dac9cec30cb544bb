package io.solider.cli;

import io.solider.nn.io.JsonFile;
import io.solider.tasks.reid.metric.ReidEvaluation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON outputs of the commands, written atomically (temp file, then rename). */
final class JsonFiles {

  private JsonFiles() {}

  /** Writes {@code value} as indented JSON to {@code file}. */
  static void write(Object value, Path file) throws IOException {
    JsonFile.write(value, file);
  }

  /** The metrics of {@code reid-eval}: mAP, rank1, rank5, rank10, cmc, num_valid_queries (fractions). */
  static Map<String, Object> reidMetrics(ReidEvaluation e) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("mAP", e.mAP());
    json.put("rank1", e.rank(1));
    json.put("rank5", e.rank(5));
    json.put("rank10", e.rank(10));
    json.put("cmc", e.cmc());
    json.put("num_valid_queries", e.validQueries());
    return json;
  }
}
