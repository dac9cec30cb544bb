package io.solider.nn.train;

/** A loss term became NaN or infinite: training stops; the last checkpoint on disk is the last good one. */
public final class NonFiniteLossException extends RuntimeException {

  private final String term;
  private final long iteration;

  public NonFiniteLossException(String term, double value, long iteration) {
    super("loss term '" + term + "' is " + value + " at iteration " + iteration
        + "; stopping (the last checkpoint written is the last good state)");
    this.term = term;
    this.iteration = iteration;
  }

  public String term() {
    return term;
  }

  public long iteration() {
    return iteration;
  }
}
