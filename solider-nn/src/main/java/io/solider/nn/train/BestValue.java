package io.solider.nn.train;

/**
 * The best value of a metric so far and the epoch it came from: what a recipe tracks when it keeps
 * its best model (the attribute release's {@code ckpt_max} by test mA, mmcv's {@code save_best}).
 * A value counts only when strictly better than the best so far (the release's
 * {@code cur_metric > maximum}); NaN never counts. It belongs to the training state: a run stores
 * {@link #state()} in its checkpoint and {@link #restore}s it.
 */
public final class BestValue {

  /** Which values are better. */
  public enum Order { HIGHER, LOWER }

  /**
   * What a checkpoint stores.
   *
   * @param value the best value (−∞ for {@code HIGHER}, +∞ for {@code LOWER} before the first offer)
   * @param epoch the epoch it came from, −1 before the first
   */
  public record State(double value, int epoch) {}

  private final Order order;
  private double value;
  private int epoch = -1;

  public BestValue(Order order) {
    this.order = order;
    this.value = order == Order.HIGHER ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
  }

  /** Offers the metric of {@code epoch}; returns whether it is the new best. */
  public boolean offer(double metric, int epoch) {
    boolean better = order == Order.HIGHER ? metric > value : metric < value;
    if (better) {
      value = metric;
      this.epoch = epoch;
    }
    return better;
  }

  /** The best value (±∞ while none was offered). */
  public double value() {
    return value;
  }

  /** The epoch of the best value, −1 while none was offered. */
  public int epoch() {
    return epoch;
  }

  public State state() {
    return new State(value, epoch);
  }

  /** Continues from a stored state. */
  public void restore(State s) {
    value = s.value();
    epoch = s.epoch();
  }
}
