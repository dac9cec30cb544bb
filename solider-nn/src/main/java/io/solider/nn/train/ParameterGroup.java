package io.solider.nn.train;

/**
 * An optimiser parameter group (torch's {@code param_groups}): parameters that share a learning
 * rate factor and a weight decay.
 *
 * @param name the group's name (logs, monitors)
 * @param lrFactor the group's learning rate is its schedule evaluated at {@code base × lrFactor}
 *     (how a schedule treats the factor — scaled throughout, or only after a shared warm-up — is
 *     the schedule's business)
 * @param weightDecay the group's weight decay
 */
public record ParameterGroup(String name, double lrFactor, double weightDecay) {

  public ParameterGroup {
    if (!(lrFactor > 0) || !(weightDecay >= 0)) {
      throw new IllegalArgumentException("group " + name + ": lr factor must be > 0 and weight decay >= 0, got "
          + lrFactor + " and " + weightDecay);
    }
  }
}
