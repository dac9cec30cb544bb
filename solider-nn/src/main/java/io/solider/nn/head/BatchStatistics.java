package io.solider.nn.head;

import io.solider.nn.blocks.BatchNorm;
import io.solider.nn.blocks.ParameterStore;
import io.solider.nn.blocks.RunningStatistics;
import io.solider.nn.util.NdArrays;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The batch statistics every training-mode batch norm of a head saw in one step, to be committed
 * to the running statistics once the step has succeeded (torch updates them during its forward
 * pass; here the graph only reports them, so recomputing or abandoning a step changes nothing).
 */
public final class BatchStatistics {

  /** One batch norm's statistics: mean and unbiased variance (C) of layer {@code prefix}. */
  public record Entry(String prefix, INDArray mean,
      INDArray unbiasedVar) {}

  private final List<Entry> entries;

  BatchStatistics(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** None (an inference-mode head). */
  public static BatchStatistics none() {
    return new BatchStatistics(Collections.emptyList());
  }

  public List<Entry> entries() {
    return entries;
  }

  /** torch's update with momentum {@link BatchNorm#MOMENTUM} (0.1) and {@code num_batches_tracked += 1}. */
  public void commit(ParameterStore store) {
    commit(store, BatchNorm.MOMENTUM);
  }

  /**
   * torch's update with the given momentum and {@code num_batches_tracked += 1} (SCHP's
   * re-estimation sets every batch norm's momentum to b/(seen + b) before each batch).
   */
  public void commit(ParameterStore store, double momentum) {
    for (Entry e : entries) {
      RunningStatistics.update(store.array(e.prefix() + "running_mean"), store.array(e.prefix() + "running_var"),
          store.array(e.prefix() + "num_batches_tracked"), e.mean(), e.unbiasedVar(), momentum);
    }
  }

  /** torch's update with {@code momentum=None}: a cumulative average over the batches counted so far. */
  public void commitCumulative(ParameterStore store) {
    for (Entry e : entries) {
      RunningStatistics.updateCumulative(store.array(e.prefix() + "running_mean"),
          store.array(e.prefix() + "running_var"), store.array(e.prefix() + "num_batches_tracked"), e.mean(),
          e.unbiasedVar());
    }
  }

  /** Frees the arrays (after committing). */
  public void close() {
    for (Entry e : entries) {
      NdArrays.close(e.mean());
      NdArrays.close(e.unbiasedVar());
    }
  }
}
