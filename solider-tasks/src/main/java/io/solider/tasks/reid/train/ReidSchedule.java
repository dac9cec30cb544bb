package io.solider.tasks.reid.train;

/**
 * The release's learning rate per epoch: timm's {@code CosineLRScheduler} as TransReID's
 * {@code create_scheduler} sets it up (t_initial = epochs, lr_min = 0.002·base, warmup_lr_init =
 * 0.01·base, warmup_t = 20, per epoch) and as SOLIDER-REID's {@code do_train} steps it: epoch e
 * (0-based) trains with {@code lr(t = e)}, because the scheduler is stepped at the end of each epoch
 * and starts at the warm-up value.
 * <pre>
 *   t &lt; warmup:  lr_g = w + t·(base_g − w)/warmup       (w = 0.01·base for every group)
 *   t ≥ warmup:  lr_g = m + ½(base_g − m)(1 + cos(π t / epochs))   (m = 0.002·base)
 * </pre>
 * base_g is the group's initial learning rate: base, or base × 2 for "bias" parameters.
 */
public final class ReidSchedule {

  private ReidSchedule() {}

  /** Learning rate of epoch {@code epoch} (0-based) for a group whose initial rate is {@code base × factor}. */
  public static double lr(ReidTrainConfig c, int epoch, double factor) {
    double base = c.baseLr();
    double groupBase = base * factor;
    double warmupInit = c.warmupFactor() * base;
    if (epoch < c.warmupEpochs()) {
      return warmupInit + epoch * (groupBase - warmupInit) / c.warmupEpochs();
    }
    double min = c.minLrFactor() * base;
    if (epoch >= c.epochs()) {
      return min;
    }
    return min + 0.5 * (groupBase - min) * (1 + Math.cos(Math.PI * epoch / c.epochs()));
  }
}
