package io.solider.cli.options;

import io.solider.tasks.reid.metric.KReciprocalReranking;
import picocli.CommandLine.Option;

/** k-reciprocal re-ranking of re-id distances (Zhong et al. 2017), with the release's settings. */
public final class RerankOptions {

  @Option(names = "--rerank", description = "Apply k-reciprocal re-ranking (Zhong et al. 2017). Default: off.")
  boolean rerank;

  @Option(names = "--k1", paramLabel = "K", defaultValue = "20",
      description = "Re-ranking: size of the k-reciprocal neighbourhood. Default: ${DEFAULT-VALUE}.")
  int k1 = 20;

  @Option(names = "--k2", paramLabel = "K", defaultValue = "6",
      description = "Re-ranking: neighbours of the local query expansion. Default: ${DEFAULT-VALUE}.")
  int k2 = 6;

  @Option(names = "--rerank-lambda", paramLabel = "L", defaultValue = "0.3",
      description = "Re-ranking: weight of the original distance (the Jaccard distance gets 1-L). "
          + "Default: ${DEFAULT-VALUE}.")
  double lambda = 0.3;

  public boolean enabled() {
    return rerank;
  }

  /** The settings (validated). */
  public KReciprocalReranking.Options options() {
    return new KReciprocalReranking.Options(k1, k2, lambda);
  }
}
