package io.solider.tasks.parsing.train;

/**
 * When the release's self-correction happens ({@code train.py}): at the end of every epoch e
 * (1-based) with e ≥ start and (e − start) a multiple of the cycle length, the SCHP model's
 * parameters become {@code (1 − α)·schp + α·model} with α = 1/(n + 1), n the number of cycles
 * done so far (the first average copies the model), its batch-norm statistics are re-estimated
 * over the training set with cumulative momentum b/(seen + b), and n grows by one. While n ≥ 1,
 * the loss uses the SCHP model's predictions ({@link io.solider.tasks.parsing.loss.SchpKl}).
 *
 * @param start first epoch that ends a cycle (release: 120)
 * @param cycleEpochs epochs per cycle (release: 10)
 */
public record SchpCycles(int start, int cycleEpochs) {

  public SchpCycles {
    if (start < 1 || cycleEpochs < 1) {
      throw new IllegalArgumentException("SCHP start and cycle length must be >= 1, got " + start + ", " + cycleEpochs);
    }
  }

  /** The release's: cycles end after epochs 120, 130, 140, 150. */
  public static SchpCycles release() {
    return new SchpCycles(120, 10);
  }

  /** True when epoch {@code epoch} (0-based) ends a self-correction cycle. */
  public boolean endsCycle(int epoch) {
    int done = epoch + 1;
    return done >= start && (done - start) % cycleEpochs == 0;
  }

  /** Cycles completed before epoch {@code epoch} (0-based) starts: the loss's cycle number. */
  public int cyclesBefore(int epoch) {
    return epoch < start ? 0 : (epoch - start) / cycleEpochs + 1;
  }

  /** α of the parameter average at cycle end number {@code n} (0 for the first): 1/(n + 1). */
  public static double averagingWeight(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("cycle number must be >= 0, got " + n);
    }
    return 1.0 / (n + 1);
  }

  /** The momentum of batch-norm re-estimation for a batch of {@code b} after {@code seen} samples: b/(seen + b). */
  public static double bnMomentum(long seen, int b) {
    return b / (double) (seen + b);
  }
}
