package io.solider.cli.options;

import io.solider.tasks.attribute.train.AttributeTrainConfig;
import picocli.CommandLine.Option;

/**
 * The attribute recipe's Adam and plateau options that {@code attr-train} and {@code attr-probe}
 * share, with the release's PA-100K values as defaults.
 */
public final class AttributeOptimizerOptions {

  @Option(names = "--weight-decay", defaultValue = "0",
      description = "Adam's L2 weight decay on every trained parameter (PA-100K 0; PETA and RAP 5e-4). "
          + "Default: ${DEFAULT-VALUE}.")
  double weightDecay;

  @Option(names = "--clip-grad", defaultValue = "10", paramLabel = "NORM",
      description = "Bound of the global gradient norm (clip_grad_norm_), 0 disables. Default: ${DEFAULT-VALUE}.")
  double clipGrad;

  @Option(names = "--lr-factor", defaultValue = "0.1",
      description = "Learning-rate factor of a plateau reduction (or of a multi-step milestone). "
          + "Default: ${DEFAULT-VALUE}.")
  double lrFactor;

  @Option(names = "--patience", defaultValue = "4",
      description = "Epochs without improvement of the test loss before a plateau reduction. Default: ${DEFAULT-VALUE}.")
  int patience;

  /** These options applied to a configuration under construction. */
  public AttributeTrainConfig.Builder applyTo(AttributeTrainConfig.Builder b) {
    return b.weightDecay(weightDecay).clipNorm(clipGrad);
  }

  public double lrFactor() {
    return lrFactor;
  }

  public int patience() {
    return patience;
  }
}
