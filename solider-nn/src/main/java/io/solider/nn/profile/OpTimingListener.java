package io.solider.nn.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Wall time per op type while a graph runs (forward and backward), to tell what dominates.
 * Single-threaded use, like SameDiff itself.
 */
public final class OpTimingListener extends BaseListener {

  /** Total time and call count of one op type. */
  public record OpTime(String op, long nanos, long calls) {}

  private final Map<String, long[]> totals = new HashMap<>();
  private long started;
  private final boolean detailed;

  public OpTimingListener() {
    this(false);
  }

  /** With {@code detailed}, matmuls are reported per input shape. */
  public OpTimingListener(boolean detailed) {
    this.detailed = detailed;
  }

  @Override
  public boolean isActive(Operation operation) {
    return true;
  }

  @Override
  public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
    started = System.nanoTime();
  }

  @Override
  public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
      INDArray[] outputs) {
    long t = System.nanoTime() - started;
    String key = op.getOp().opName();
    if (detailed && key.equals("matmul")) {
      StringBuilder sb = new StringBuilder(key);
      for (INDArray in : opContext.getInputArrays()) {
        sb.append(java.util.Arrays.toString(in.shape()));
      }
      key = sb.toString();
    }
    long[] acc = totals.computeIfAbsent(key, k -> new long[2]);
    acc[0] += t;
    acc[1]++;
  }

  /** Op types by total time, largest first. */
  public List<OpTime> ranking() {
    List<OpTime> r = new ArrayList<>();
    totals.forEach((k, v) -> r.add(new OpTime(k, v[0], v[1])));
    r.sort(Comparator.comparingLong(OpTime::nanos).reversed());
    return r;
  }

  public void reset() {
    totals.clear();
  }
}
