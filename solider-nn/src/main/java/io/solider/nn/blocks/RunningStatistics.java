package io.solider.nn.blocks;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How torch's batch norm moves its running statistics after a training-mode forward pass (done
 * here outside the graph, with the batch statistics the graph returned).
 */
public final class RunningStatistics {

  private RunningStatistics() {}

  /**
   * {@code num_batches_tracked += 1}; {@code running ← (1 − m)·running + m·batch} for the mean and
   * the (unbiased) variance, in place.
   *
   * @param numBatchesTracked the integer counter (scalar), or null if not tracked
   */
  public static void update(INDArray runningMean, INDArray runningVar, INDArray numBatchesTracked, INDArray batchMean,
      INDArray batchUnbiasedVar, double momentum) {
    if (numBatchesTracked != null) {
      increment(numBatchesTracked);
    }
    blend(runningMean, batchMean, momentum);
    blend(runningVar, batchUnbiasedVar, momentum);
  }

  /**
   * torch with {@code momentum=None} (a cumulative average, as SCHP's re-estimation of the
   * statistics uses): counter += 1, then the same blend with factor 1/counter.
   */
  public static void updateCumulative(INDArray runningMean, INDArray runningVar, INDArray numBatchesTracked,
      INDArray batchMean, INDArray batchUnbiasedVar) {
    long n = increment(numBatchesTracked);
    double factor = 1.0 / n;
    blend(runningMean, batchMean, factor);
    blend(runningVar, batchUnbiasedVar, factor);
  }

  private static long increment(INDArray counter) {
    long n = counter.getLong(0) + 1;
    counter.assign(n);
    return n;
  }

  private static void blend(INDArray running, INDArray batch, double factor) {
    INDArray scaled = batch.reshape(running.shape()).castTo(running.dataType()).mul(factor);
    running.muli(1 - factor).addi(scaled);
    scaled.close();
  }
}
