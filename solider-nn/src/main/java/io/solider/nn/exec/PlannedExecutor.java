package io.solider.nn.exec;

import io.solider.nn.exec.ExecutionPlan.Kind;
import io.solider.nn.exec.ExecutionPlan.Step;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.ops.BaseReduceOp;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs one SameDiff graph (a forward graph, or the gradient function SameDiff derives from it)
 * op by op in a precomputed order, without SameDiff's per-op session bookkeeping: op contexts are
 * built once and reused, identities and contiguous reshapes are views rather than copies, and
 * every intermediate array goes back to the thread's {@link BufferPool} right after its last
 * reader (or is freed), so native memory is reused or returned at once instead of when the Java
 * garbage collector runs. Requested outputs are new arrays the
 * caller owns (or, for an identity of an input, the input itself, as in SameDiff).
 *
 * <p>The ops are SameDiff's own, run through the same native calls with the same arguments, so
 * results equal {@code SameDiff.output} to the last bit. Plans are cached per set of outputs and
 * fed names. Not thread-safe, like SameDiff.
 */
final class PlannedExecutor implements AutoCloseable {

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private final SameDiff sd;
  private final OpProfile profile;
  private final Map<String, Compiled> plans = new HashMap<>();
  /** Time inside native op calls so far (profiling only). */
  private long nativeNanos;

  /** A plan with its reusable op contexts. */
  private record Compiled(ExecutionPlan plan, OpContext[] contexts) {}

  /** @param profile null, or where to add the time of every op */
  PlannedExecutor(SameDiff sd, OpProfile profile) {
    this.sd = sd;
    this.profile = profile;
  }

  /**
   * Computes {@code outputs} from {@code fed} (placeholders, or variables whose stored array is
   * to be replaced for this run).
   *
   * @throws UnsupportedOperationException if the graph needs an op this executor does not run
   */
  Map<String, INDArray> run(Map<String, INDArray> fed, Collection<String> outputs) {
    return run(fed, outputs, null);
  }

  /**
   * As {@link #run(Map, Collection)}, and shows every op output to {@code observer} (before it can
   * be freed) in execution order.
   */
  Map<String, INDArray> run(Map<String, INDArray> fed, Collection<String> outputs, StepObserver observer) {
    Compiled c = compiled(fed.keySet(), outputs);
    ExecutionPlan plan = c.plan();
    INDArray[] values = new INDArray[plan.numValues];
    int k = 0;
    for (String f : plan.fed) {
      INDArray a = fed.get(f);
      DataType want = sd.getVariable(f).dataType();
      values[k++] = a.dataType() == want ? a : a.castTo(want);
    }
    for (String s : plan.stored) {
      INDArray a = sd.getArrForVarName(s);
      if (a == null) {
        throw new IllegalStateException("variable '" + s + "' has no array");
      }
      values[k++] = a;
    }
    BufferPool pool = BufferPool.current();
    boolean done = false;
    try {
      List<Step> steps = plan.steps;
      OpExecutioner exec = Nd4j.getExecutioner();
      for (int s = 0; s < steps.size(); s++) {
        Step step = steps.get(s);
        long t0 = profile == null ? 0 : clock();
        long native0 = nativeNanos;
        execute(exec, step, c.contexts()[s], values, pool);
        if (observer != null) {
          INDArray[] outs = new INDArray[step.outputs().length];
          for (int i = 0; i < outs.length; i++) {
            outs[i] = values[step.outputs()[i]];
          }
          observer.executed(step, outs);
        }
        for (int v : step.freeAfter()) {
          pool.release(values[v]);
          values[v] = null;
        }
        if (profile != null) {
          long inside = nativeNanos - native0;
          profile.add(step.op().opName(), inside, clock() - t0 - inside);
        }
      }
      if (profile != null) {
        profile.countRun();
      }
      Map<String, INDArray> out = new LinkedHashMap<>();
      plan.outputs.forEach((name, idx) -> out.put(name, values[idx]));
      done = true;
      return out;
    } finally {
      if (!done) {
        freeComputed(plan, values, pool);
      }
    }
  }

  /** Sees each step of a run right after it executed. */
  interface StepObserver {
    void executed(Step step, INDArray[] outputs);
  }

  private Compiled compiled(Collection<String> fed, Collection<String> outputs) {
    Set<String> fedSorted = new TreeSet<>(fed);
    String key = String.join("\u0000", fedSorted) + "\u0001" + String.join("\u0000", outputs);
    Compiled c = plans.get(key);
    if (c == null) {
      ExecutionPlan plan = ExecutionPlan.build(sd, new ArrayList<>(outputs), new ArrayList<>(fedSorted));
      OpContext[] contexts = new OpContext[plan.steps.size()];
      for (int i = 0; i < contexts.length; i++) {
        if (plan.steps.get(i).kind() != Kind.IDENTITY) {
          contexts[i] = Nd4j.getExecutioner().buildContext();
        }
      }
      c = new Compiled(plan, contexts);
      plans.put(key, c);
    }
    return c;
  }

  private void execute(OpExecutioner exec, Step step, OpContext oc, INDArray[] values, BufferPool pool) {
    int[] in = step.inputs();
    INDArray[] args = new INDArray[in.length];
    for (int i = 0; i < in.length; i++) {
      args[i] = values[in[i]];
    }
    DifferentialFunction df = step.op();
    switch (step.kind()) {
      case IDENTITY -> values[step.outputs()[0]] = args[0];
      case RESHAPE -> {
        DynamicCustomOp op = (DynamicCustomOp) df;
        INDArray x = args[0];
        long[] shape = x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x) && x.length() > 0
            ? targetShape(op, args) : null;
        if (shape != null) {
          values[step.outputs()[0]] = x.reshape('c', shape);
        } else {
          oc.setArgs(args, op.iArgs(), op.dArgs(), op.tArgs(), op.bArgs());
          runCustom(exec, op, oc, step, values, pool);
        }
      }
      case PERMUTE -> {
        DynamicCustomOp op = (DynamicCustomOp) df;
        if (!runFolded(exec, op, oc, args, step, values, pool)) {
          oc.setArgs(args, op.iArgs(), op.dArgs(), op.tArgs(), op.bArgs());
          runCustom(exec, op, oc, step, values, pool);
        }
      }
      case COMPUTE -> {
        if (df instanceof CustomOp) {
          DynamicCustomOp op = (DynamicCustomOp) df;
          oc.setArgs(args, op.iArgs(), op.dArgs(), op.tArgs(), op.bArgs());
          runCustom(exec, op, oc, step, values, pool);
        } else {
          runLegacy(exec, (Op) df, oc, args, step, values, pool);
        }
      }
      default -> throw new IllegalStateException(step.kind().toString());
    }
  }

  /**
   * The shape a c-order reshape asks for (its integer arguments after the order flag, or its shape
   * input), with one −1 resolved; null if it cannot be read here (the op's shape function decides).
   */
  private static long[] targetShape(DynamicCustomOp op, INDArray[] args) {
    long[] shape;
    if (args.length == 2) {
      shape = args[1].toLongVector();
    } else {
      long[] ia = op.iArgs();
      if (ia.length < 2) {
        return null;
      }
      shape = java.util.Arrays.copyOfRange(ia, 1, ia.length);
    }
    long known = 1;
    int free = -1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] == -1 && free < 0) {
        free = i;
      } else if (shape[i] < 0) {
        return null;
      } else {
        known *= shape[i];
      }
    }
    long length = args[0].length();
    if (free >= 0) {
      if (known == 0 || length % known != 0) {
        return null;
      }
      shape[free] = length / known;
    } else if (known != length) {
      return null;
    }
    return shape;
  }

  /**
   * Runs a permute of a c-order array at its folded rank ({@link FoldedPermute}) into a c-order
   * output of the full shape; false (nothing done) if it does not fold.
   */
  private boolean runFolded(OpExecutioner exec, DynamicCustomOp op, OpContext oc, INDArray[] args, Step step,
      INDArray[] values, BufferPool pool) {
    INDArray x = args[0];
    if (args.length != 1 || x.isEmpty() || x.ordering() != 'c' || !Shape.hasDefaultStridesForShape(x)) {
      return false;
    }
    long[] perm = op.iArgs();
    FoldedPermute f = FoldedPermute.of(x.shape(), perm);
    if (f == null) {
      return false;
    }
    long[] shape = x.shape();
    long[] outShape = new long[shape.length];
    for (int i = 0; i < outShape.length; i++) {
      outShape[i] = shape[(int) perm[i]];
    }
    DataType type = step.outputTypes()[0];
    INDArray z = pool.allocate(LongShapeDescriptor.fromShape(outShape, type), type);
    oc.setArgs(new INDArray[] {x.reshape('c', f.inputShape())}, f.permutationArgs(), op.dArgs(), op.tArgs(),
        op.bArgs());
    oc.setOutputArrays(z.reshape('c', f.outputShape()));
    timed(() -> exec.exec(op, oc));
    op.clearArrays();
    oc.purge();
    values[step.outputs()[0]] = z;
    return true;
  }

  private void runCustom(OpExecutioner exec, DynamicCustomOp op, OpContext oc, Step step, INDArray[] values,
      BufferPool pool) {
    List<LongShapeDescriptor> shapes = op.calculateOutputShape(oc);
    int[] out = step.outputs();
    if (shapes == null || shapes.size() != out.length) {
      throw new IllegalStateException("op " + step.name() + " (" + op.opName() + "): shape function gave "
          + (shapes == null ? 0 : shapes.size()) + " shapes for " + out.length + " outputs");
    }
    INDArray[] results = new INDArray[out.length];
    for (int i = 0; i < out.length; i++) {
      results[i] = pool.allocate(shapes.get(i), step.outputTypes()[i]);
    }
    oc.setOutputArrays(results);
    timed(() -> exec.exec(op, oc));
    op.clearArrays();
    oc.purge();
    for (int i = 0; i < out.length; i++) {
      values[out[i]] = results[i];
    }
  }

  private void runLegacy(OpExecutioner exec, Op op, OpContext oc, INDArray[] args, Step step,
      INDArray[] values, BufferPool pool) {
    DifferentialFunction df = (DifferentialFunction) op;
    boolean axisArg = false;
    if (op instanceof ReduceOp r && r.getOpType() != Op.Type.REDUCE3 && args.length == 2) {
      // As SameDiff's session: a second input of a legacy reduction is its axis.
      int[] axis = args[1].toIntVector();
      if (axis.length == 0) {
        throw new UnsupportedOperationException("empty reduction axis in op " + step.name());
      }
      df.setDimensions(Shape.normalizeAxis(args[0].rank(), axis));
      ((BaseReduceOp) op).setEmptyReduce(false);
      axisArg = true;
    } else if (op instanceof ScalarOp s && args.length == 2) {
      s.setScalar(args[1]);
    }
    oc.setInputArray(0, args[0]);
    if (args.length == 2 && !axisArg) {
      oc.setInputArray(1, args[1]);
    }
    List<LongShapeDescriptor> shapes = ((BaseOp) op).calculateOutputShape(oc);
    if (shapes == null || shapes.size() != 1) {
      throw new IllegalStateException("op " + step.name() + " (" + df.opName() + "): no output shape");
    }
    INDArray z = pool.allocate(shapes.get(0), step.outputTypes()[0]);
    oc.setOutputArray(0, z);
    timed(() -> exec.exec(op, oc));
    df.clearArrays();
    oc.purge();
    values[step.outputs()[0]] = z;
  }

  /** Runs a native op call, adding its time to the profile if there is one. */
  private void timed(Runnable nativeCall) {
    long t0 = profile == null ? 0 : clock();
    nativeCall.run();
    if (profile != null) {
      nativeNanos += clock() - t0;
    }
  }

  /**
   * The calling thread's CPU time: on a shared machine wall time mostly measures the scheduler.
   * Ops run on this thread with one OpenMP thread; with more, native time is undercounted.
   */
  private static long clock() {
    return THREADS.getCurrentThreadCpuTime();
  }

  /** Frees the computed roots still held after a failed run (the caller gets nothing). */
  private static void freeComputed(ExecutionPlan plan, INDArray[] values, BufferPool pool) {
    int first = plan.fed.size() + plan.stored.size();
    for (int v = first; v < values.length; v++) {
      if (plan.root[v] == v) {
        pool.release(values[v]);
      }
    }
  }

  @Override
  public void close() {
    for (Compiled c : plans.values()) {
      for (OpContext oc : c.contexts()) {
        if (oc != null) {
          try {
            oc.close();
          } catch (Exception e) {
            throw new IllegalStateException("cannot close an op context", e);
          }
        }
      }
    }
    plans.clear();
  }
}
