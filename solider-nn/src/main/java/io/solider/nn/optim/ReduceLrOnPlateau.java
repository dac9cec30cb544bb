package io.solider.nn.optim;

import java.util.Arrays;

/**
 * torch.optim.lr_scheduler.ReduceLROnPlateau: once a monitored metric (the attribute recipe's:
 * the loss on the test split, once per epoch) has not improved for more than {@code patience}
 * steps, every group's learning rate is multiplied by {@code factor} (not below {@code minLr}, and
 * only if it changes by more than {@code eps}), then {@code cooldown} steps pass in which bad
 * steps are not counted.
 * <pre>
 *   better(a, best):  min/rel  a &lt; best·(1 − threshold)     max/rel  a &gt; best·(1 + threshold)
 *                     min/abs  a &lt; best − threshold          max/abs  a &gt; best + threshold
 *   step(a):  if better(a, best) { best = a; bad = 0 } else bad++
 *             if cooldown &gt; 0 { cooldown--; bad = 0 }
 *             if bad &gt; patience { lr_i = max(lr_i·factor, minLr) where lr_i − that &gt; eps; cooldown = C; bad = 0 }
 * </pre>
 * best starts at +∞ (min) or −∞ (max); a NaN metric is never better. The scheduler owns the
 * groups' current learning rates ({@link #lrs}); the trainer reads them before each step.
 */
public final class ReduceLrOnPlateau {

  /** Whether lower or higher metric values are better. */
  public enum Mode { MIN, MAX }

  /** Whether {@code threshold} is relative to the best value or absolute. */
  public enum ThresholdMode { REL, ABS }

  /**
   * The scheduler's settings, torch's constructor arguments.
   *
   * @param mode lower ({@code MIN}) or higher values are better
   * @param factor multiplier of the learning rate, in (0, 1)
   * @param patience bad steps tolerated before a reduction
   * @param threshold least improvement that counts
   * @param thresholdMode relative or absolute threshold
   * @param cooldown steps after a reduction in which bad steps are not counted
   * @param minLr lower bound of every group's learning rate
   * @param eps reductions smaller than this are skipped
   */
  public record Config(Mode mode, double factor, int patience, double threshold, ThresholdMode thresholdMode,
      int cooldown, double minLr, double eps) {

    public Config {
      if (!(factor > 0 && factor < 1)) {
        throw new IllegalArgumentException("factor must be in (0, 1), got " + factor);
      }
      if (patience < 0 || cooldown < 0) {
        throw new IllegalArgumentException("patience and cooldown must be >= 0, got " + patience + ", " + cooldown);
      }
      if (!(threshold >= 0 && minLr >= 0 && eps >= 0)) {
        throw new IllegalArgumentException("threshold, minLr and eps must be >= 0");
      }
      if (mode == null || thresholdMode == null) {
        throw new IllegalArgumentException("mode and thresholdMode are required");
      }
    }

    /** torch's defaults: min, factor 0.1, patience 10, threshold 1e-4 rel, no cooldown, min_lr 0, eps 1e-8. */
    public static Config torchDefaults() {
      return new Config(Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0, 1e-8);
    }

    public Config withMode(Mode m) {
      return new Config(m, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    public Config withFactor(double f) {
      return new Config(mode, f, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    public Config withPatience(int p) {
      return new Config(mode, factor, p, threshold, thresholdMode, cooldown, minLr, eps);
    }

    public Config withThreshold(double t, ThresholdMode tm) {
      return new Config(mode, factor, patience, t, tm, cooldown, minLr, eps);
    }

    public Config withCooldown(int c) {
      return new Config(mode, factor, patience, threshold, thresholdMode, c, minLr, eps);
    }

    public Config withMinLr(double m) {
      return new Config(mode, factor, patience, threshold, thresholdMode, cooldown, m, eps);
    }

    public Config withEps(double e) {
      return new Config(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, e);
    }
  }

  /**
   * Everything that changes, for checkpoints.
   *
   * @param best best metric so far (±∞ before the first step)
   * @param numBadEpochs bad steps since the last improvement or reduction
   * @param cooldownCounter cooldown steps left
   * @param lastEpoch steps taken
   * @param lrs current learning rate of each group
   */
  public record State(double best, int numBadEpochs, int cooldownCounter, int lastEpoch, double[] lrs) {

    public State {
      lrs = lrs.clone();
    }

    @Override
    public double[] lrs() {
      return lrs.clone();
    }
  }

  private final Config config;
  private final double[] lrs;
  private double best;
  private int numBadEpochs;
  private int cooldownCounter;
  private int lastEpoch;

  /** A scheduler over parameter groups starting at {@code initialLrs}. */
  public ReduceLrOnPlateau(Config config, double... initialLrs) {
    if (initialLrs.length == 0) {
      throw new IllegalArgumentException("need the learning rate of at least one parameter group");
    }
    this.config = config;
    this.lrs = initialLrs.clone();
    this.best = config.mode() == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
  }

  public Config config() {
    return config;
  }

  /** Current learning rate of group {@code i}. */
  public double lr(int i) {
    return lrs[i];
  }

  /** Current learning rates of all groups. */
  public double[] lrs() {
    return lrs.clone();
  }

  /**
   * One observation of the metric (torch's {@code scheduler.step(metrics)}).
   *
   * @return whether the learning rates were reduced
   */
  public boolean step(double metric) {
    lastEpoch++;
    if (isBetter(metric, best)) {
      best = metric;
      numBadEpochs = 0;
    } else {
      numBadEpochs++;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      numBadEpochs = 0;
    }
    if (numBadEpochs > config.patience()) {
      boolean reduced = reduce();
      cooldownCounter = config.cooldown();
      numBadEpochs = 0;
      return reduced;
    }
    return false;
  }

  private boolean reduce() {
    boolean any = false;
    for (int i = 0; i < lrs.length; i++) {
      double newLr = Math.max(lrs[i] * config.factor(), config.minLr());
      if (lrs[i] - newLr > config.eps()) {
        lrs[i] = newLr;
        any = true;
      }
    }
    return any;
  }

  private boolean isBetter(double a, double best) {
    double t = config.threshold();
    boolean rel = config.thresholdMode() == ThresholdMode.REL;
    if (config.mode() == Mode.MIN) {
      return rel ? a < best * (1 - t) : a < best - t;
    }
    return rel ? a > best * (t + 1) : a > best + t;
  }

  public State state() {
    return new State(best, numBadEpochs, cooldownCounter, lastEpoch, lrs);
  }

  /** Continues from a saved state (same number of groups). */
  public void restore(State s) {
    if (s.lrs().length != lrs.length) {
      throw new IllegalArgumentException("saved plateau state has " + s.lrs().length + " groups, this scheduler "
          + lrs.length);
    }
    best = s.best();
    numBadEpochs = s.numBadEpochs();
    cooldownCounter = s.cooldownCounter();
    lastEpoch = s.lastEpoch();
    System.arraycopy(s.lrs(), 0, lrs, 0, lrs.length);
  }

  @Override
  public String toString() {
    return "ReduceLrOnPlateau" + config + " lrs " + Arrays.toString(lrs) + " best " + best + " bad " + numBadEpochs;
  }
}
