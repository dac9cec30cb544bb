package io.solider.nn.train;

/**
 * A point in a training run: the epoch, the batch within it and the global iteration (steps run
 * before it). As the position of a checkpoint it names the next step to run.
 */
public record Position(int epoch, int batch, long iteration) {

  /** The start of a run. */
  public static final Position START = new Position(0, 0, 0);

  public Position {
    if (epoch < 0 || batch < 0 || iteration < 0) {
      throw new IllegalArgumentException("position must be non-negative, got epoch " + epoch + " batch " + batch
          + " iteration " + iteration);
    }
  }

  /** The position after the step at this one, within the same epoch. */
  public Position nextBatch() {
    return new Position(epoch, batch + 1, iteration + 1);
  }

  /** The first batch of the next epoch, at the same iteration count. */
  public Position nextEpoch() {
    return new Position(epoch + 1, 0, iteration);
  }
}
