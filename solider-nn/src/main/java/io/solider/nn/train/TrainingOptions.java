package io.solider.nn.train;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a training run is driven, whatever the task (what it learns is the task's config).
 *
 * @param output the run folder ({@link RunFolder})
 * @param resume continue from the folder's checkpoint (its configuration wins over the one given)
 * @param maxIterations stop, with a checkpoint, once the global iteration count reaches this; 0 for no limit
 * @param checkpointEvery also write a checkpoint every this many iterations (0: at the end of each
 *     epoch and of the run only); a file named {@code SAVE} in the folder asks for one at the next step
 * @param progressInterval how often the progress line (rate, ETA) is logged
 * @param gcEveryStep run the garbage collector after each step (SameDiff frees native arrays
 *     through it; without it resident memory grows to JavaCPP's cap)
 * @param workers image decoding and augmentation threads
 * @param commandLine the arguments of the invocation, for the run's provenance record (empty from Java)
 */
public record TrainingOptions(Path output, boolean resume, long maxIterations, int checkpointEvery,
    Duration progressInterval, boolean gcEveryStep, int workers, List<String> commandLine) {

  public TrainingOptions {
    if (output == null) {
      throw new IllegalArgumentException("an output folder is required");
    }
    if (maxIterations < 0 || checkpointEvery < 0) {
      throw new IllegalArgumentException("maxIterations and checkpointEvery must be >= 0, got " + maxIterations
          + " and " + checkpointEvery);
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, got " + workers);
    }
    commandLine = List.copyOf(commandLine);
  }

  /** Defaults: no resume, no iteration limit, checkpoints per epoch, progress every 10 s, GC per step, 2 workers. */
  public static Builder builder(Path output) {
    return new Builder(output);
  }

  public Builder toBuilder() {
    return new Builder(output).resume(resume).maxIterations(maxIterations).checkpointEvery(checkpointEvery)
        .progressInterval(progressInterval).gcEveryStep(gcEveryStep).workers(workers).commandLine(commandLine);
  }

  /** Builder of {@link TrainingOptions}. */
  public static final class Builder {
    private final Path output;
    private boolean resume;
    private long maxIterations;
    private int checkpointEvery;
    private Duration progressInterval = Duration.ofSeconds(10);
    private boolean gcEveryStep = true;
    private int workers = 2;
    private List<String> commandLine = List.of();

    private Builder(Path output) {
      this.output = output;
    }

    public Builder resume(boolean v) {
      resume = v;
      return this;
    }

    public Builder maxIterations(long v) {
      maxIterations = v;
      return this;
    }

    public Builder checkpointEvery(int v) {
      checkpointEvery = v;
      return this;
    }

    public Builder progressInterval(Duration v) {
      progressInterval = v;
      return this;
    }

    public Builder gcEveryStep(boolean v) {
      gcEveryStep = v;
      return this;
    }

    public Builder workers(int v) {
      workers = v;
      return this;
    }

    public Builder commandLine(List<String> v) {
      commandLine = v;
      return this;
    }

    public TrainingOptions build() {
      return new TrainingOptions(output, resume, maxIterations, checkpointEvery, progressInterval, gcEveryStep,
          workers, commandLine);
    }
  }
}
