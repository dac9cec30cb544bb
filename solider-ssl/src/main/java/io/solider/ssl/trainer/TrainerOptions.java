package io.solider.ssl.trainer;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a run is driven (not what it learns: that is {@link PretrainConfig}).
 *
 * @param output folder for checkpoint.pth, teacher.pth, log.jsonl
 * @param resume continue from output/checkpoint.pth
 * @param checkpointEvery also write a checkpoint every this many iterations (0: only per epoch);
 *     a file named {@code SAVE} in the output folder asks for one at the next step
 * @param maxIterations stop (with a checkpoint) after this global iteration count, 0 for no limit
 * @param progressInterval how often the progress line is logged
 * @param gcEveryStep call System.gc() after each step (SameDiff frees native arrays only through
 *     the garbage collector; without it memory grows, see SAMEDIFF-NOTES)
 * @param recompute recompute the student's backbone block by block ({@link RecomputingStudent}:
 *     same numbers, far less memory) instead of keeping every activation ({@link StudentGraph})
 */
public record TrainerOptions(Path output, boolean resume, int checkpointEvery, long maxIterations,
    Duration progressInterval, boolean gcEveryStep, boolean recompute) {

  public TrainerOptions {
    if (checkpointEvery < 0 || maxIterations < 0) {
      throw new IllegalArgumentException("checkpointEvery and maxIterations must be >= 0");
    }
  }

  public static TrainerOptions of(Path output) {
    return new TrainerOptions(output, false, 0, 0, Duration.ofSeconds(10), true, true);
  }

  public TrainerOptions withResume(boolean r) {
    return new TrainerOptions(output, r, checkpointEvery, maxIterations, progressInterval, gcEveryStep, recompute);
  }

  public TrainerOptions withMaxIterations(long n) {
    return new TrainerOptions(output, resume, checkpointEvery, n, progressInterval, gcEveryStep, recompute);
  }

  public TrainerOptions withCheckpointEvery(int n) {
    return new TrainerOptions(output, resume, n, maxIterations, progressInterval, gcEveryStep, recompute);
  }

  public TrainerOptions withRecompute(boolean r) {
    return new TrainerOptions(output, resume, checkpointEvery, maxIterations, progressInterval, gcEveryStep, r);
  }
}
