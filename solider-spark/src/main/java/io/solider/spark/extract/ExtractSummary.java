package io.solider.spark.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Spark extraction did; written as {@code extract.json} next to the Parquet folder, last,
 * so its presence marks a complete output.
 *
 * @param images embeddings written
 * @param failures images that could not be read or decoded, as "file: reason", sorted
 * @param seconds wall time of the job
 * @param model the model's description (checkpoint, SHA-256, architecture, dimension, λ, size,
 *     normalisation), as the index job needs it
 */
public record ExtractSummary(long images, List<String> failures, double seconds, Map<String, Object> model) {

  public ExtractSummary {
    failures = List.copyOf(failures);
    model = Map.copyOf(model);
  }

  /** Images per second over the whole job. */
  public double imagesPerSecond() {
    return seconds > 0 ? images / seconds : 0;
  }

  /** The JSON object written. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("images", images);
    m.put("failed", failures.size());
    m.put("failures", failures);
    m.put("seconds", seconds);
    m.put("images_per_second", imagesPerSecond());
    m.put("model", new java.util.TreeMap<>(model));
    return m;
  }

  /** The one-line summary logged at the end. */
  public String summary() {
    return String.format("extracted %d images in %.1f s (%.2f images/s), %d failed", images, seconds,
        imagesPerSecond(), failures.size());
  }
}
