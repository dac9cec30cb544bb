package io.solider.tasks.reid.train;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a re-id run is driven (not what it learns: that is {@link ReidTrainConfig}).
 *
 * @param output folder for model.pth, checkpoint.pth, log.jsonl, metrics.json
 * @param resume continue from output/checkpoint.pth (its configuration wins)
 * @param maxIterations stop (with a checkpoint) after this global step count, 0 for no limit
 * @param evaluateBefore also evaluate the model before the first step (metrics_initial.json)
 * @param evaluateAtEnd evaluate on query/gallery when the call ends: after the last epoch or where
 *     maxIterations stopped it (metrics.json)
 * @param workers image decoding/augmentation threads
 * @param evalBatch images per batch when extracting evaluation features
 * @param progressInterval how often the progress line is logged
 * @param gcEveryStep call System.gc() after each step (SameDiff frees native arrays through the
 *     garbage collector, see SAMEDIFF-NOTES)
 */
public record ReidTrainOptions(Path output, boolean resume, long maxIterations, boolean evaluateBefore,
    boolean evaluateAtEnd, int workers, int evalBatch, Duration progressInterval, boolean gcEveryStep) {

  public ReidTrainOptions {
    if (maxIterations < 0 || workers < 1 || evalBatch < 1) {
      throw new IllegalArgumentException("maxIterations must be >= 0, workers and evalBatch >= 1");
    }
  }

  public static ReidTrainOptions of(Path output) {
    return new ReidTrainOptions(output, false, 0, false, true, 2, 32, Duration.ofSeconds(10), true);
  }

  public ReidTrainOptions withResume(boolean r) {
    return new ReidTrainOptions(output, r, maxIterations, evaluateBefore, evaluateAtEnd, workers, evalBatch,
        progressInterval, gcEveryStep);
  }

  public ReidTrainOptions withMaxIterations(long n) {
    return new ReidTrainOptions(output, resume, n, evaluateBefore, evaluateAtEnd, workers, evalBatch,
        progressInterval, gcEveryStep);
  }

  public ReidTrainOptions withEvaluation(boolean before, boolean atEnd) {
    return new ReidTrainOptions(output, resume, maxIterations, before, atEnd, workers, evalBatch, progressInterval,
        gcEveryStep);
  }

  public ReidTrainOptions withWorkers(int w) {
    return new ReidTrainOptions(output, resume, maxIterations, evaluateBefore, evaluateAtEnd, w, evalBatch,
        progressInterval, gcEveryStep);
  }
}
