package io.solider.nn.extract;

import java.nio.file.Path;
import java.util.List;

/**
 * What an extraction wrote.
 *
 * @param images rows written
 * @param skipped input images that could not be decoded (listed in the log)
 * @param files the arrays written
 * @param seconds wall time of the extraction loop
 */
public record ExtractionSummary(long images, int skipped, List<Path> files, double seconds) {

  public ExtractionSummary {
    files = List.copyOf(files);
  }

  /** Images per second. */
  public double imagesPerSecond() {
    return seconds > 0 ? images / seconds : 0;
  }
}
