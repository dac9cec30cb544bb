package io.solider.nn.exec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.shape.Permute;
import org.nd4j.linalg.api.ops.impl.shape.Reshape;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;

/**
 * The ops a set of outputs needs from a SameDiff graph, in an order where every op follows its
 * inputs, with each computed value numbered and the step after which nothing reads it. Built once
 * per (graph, outputs, fed names) and run many times by {@link PlannedExecutor}.
 *
 * <p>Values are numbered: fed names (placeholders, and variables the caller overrides) first,
 * then stored arrays (variables and constants, read from the graph at each run so that
 * {@code setArray} and in-place updates are seen), then op outputs. An op output that is only an
 * alias of its input (identity, and a reshape of a contiguous array) shares its input's
 * <em>root</em>; a root is freed after the last step that reads it or any of its aliases, unless
 * it is an output, fed or stored.
 */
final class ExecutionPlan {

  /**
   * Where an op's output comes from at run time: computed by the op, an alias of its input
   * (identity, c-order reshape), or a permute copy run at the lowest rank that describes it.
   */
  enum Kind { COMPUTE, IDENTITY, RESHAPE, PERMUTE }

  /** One op of the plan. */
  record Step(String name, DifferentialFunction op, Kind kind, int[] inputs, int[] outputs, DataType[] outputTypes,
      int[] freeAfter) {}

  final List<String> fed;
  final List<String> stored;
  final int numValues;
  final List<Step> steps;
  /** Index of every requested output value. */
  final Map<String, Integer> outputs;
  /** Value index → root value index (itself unless an alias). */
  final int[] root;

  private ExecutionPlan(List<String> fed, List<String> stored, int numValues, List<Step> steps,
      Map<String, Integer> outputs, int[] root) {
    this.fed = fed;
    this.stored = stored;
    this.numValues = numValues;
    this.steps = steps;
    this.outputs = outputs;
    this.root = root;
  }

  /**
   * Plans the computation of {@code wanted} from {@code fedNames}.
   *
   * @throws UnsupportedOperationException if the graph needs an op this executor does not run
   *     (control flow, tensor arrays, control dependencies); the caller falls back to SameDiff
   * @throws IllegalArgumentException if a needed placeholder is not fed
   */
  static ExecutionPlan build(SameDiff sd, Collection<String> wanted, Collection<String> fedNames) {
    Map<String, Integer> index = new HashMap<>();
    List<String> fed = new ArrayList<>(fedNames);
    for (String f : fed) {
      if (!sd.hasVariable(f)) {
        throw new IllegalArgumentException("no variable or placeholder named '" + f + "' in the graph");
      }
      index.put(f, index.size());
    }
    // Ops needed, found backwards from the outputs.
    Set<String> needed = new LinkedHashSet<>();
    Set<String> storedSet = new LinkedHashSet<>();
    ArrayDeque<String> todo = new ArrayDeque<>(wanted);
    Set<String> seenVars = new java.util.HashSet<>();
    while (!todo.isEmpty()) {
      String v = todo.pop();
      if (!seenVars.add(v) || index.containsKey(v)) {
        continue;
      }
      Variable var = sd.getVariables().get(v);
      if (var == null) {
        throw new IllegalArgumentException("no variable named '" + v + "' in the graph");
      }
      VariableType type = var.getVariable().getVariableType();
      if (type == VariableType.VARIABLE || type == VariableType.CONSTANT) {
        storedSet.add(v);
        continue;
      }
      if (type == VariableType.PLACEHOLDER) {
        throw new IllegalArgumentException("placeholder '" + v + "' is needed but was not given");
      }
      String opName = var.getOutputOfOp();
      if (opName == null) {
        throw new UnsupportedOperationException("variable '" + v + "' has no producing op");
      }
      if (needed.add(opName)) {
        SameDiffOp op = sd.getOps().get(opName);
        if (op.getControlDeps() != null && !op.getControlDeps().isEmpty()
            || op.getVarControlDeps() != null && !op.getVarControlDeps().isEmpty()) {
          throw new UnsupportedOperationException("op '" + opName + "' has control dependencies");
        }
        if (op.getInputsToOp() != null) {
          todo.addAll(op.getInputsToOp());
        }
      }
    }
    List<String> stored = new ArrayList<>(storedSet);
    for (String s : stored) {
      index.put(s, index.size());
    }
    List<String> order = topologicalOrder(sd, needed);
    List<int[]> inputsOf = new ArrayList<>();
    List<Step> draft = new ArrayList<>();
    List<Integer> rootList = new ArrayList<>();
    for (int i = 0; i < index.size(); i++) {
      rootList.add(i);
    }
    for (String opName : order) {
      SameDiffOp sdo = sd.getOps().get(opName);
      DifferentialFunction df = sdo.getOp();
      Kind kind = kindOf(df, opName);
      List<String> ins = sdo.getInputsToOp() == null ? List.of() : sdo.getInputsToOp();
      int[] in = new int[ins.size()];
      for (int i = 0; i < in.length; i++) {
        Integer k = index.get(ins.get(i));
        if (k == null) {
          throw new IllegalStateException("op '" + opName + "' reads '" + ins.get(i) + "' before it is computed");
        }
        in[i] = k;
      }
      List<String> outs = sdo.getOutputsOfOp();
      int[] out = new int[outs.size()];
      DataType[] types = new DataType[outs.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = index.size();
        index.put(outs.get(i), out[i]);
        types[i] = sd.getVariable(outs.get(i)).dataType();
        rootList.add(kind == Kind.IDENTITY || kind == Kind.RESHAPE ? rootList.get(in[0]) : out[i]);
      }
      inputsOf.add(in);
      draft.add(new Step(opName, df, kind, in, out, types, null));
    }
    int n = index.size();
    int[] root = rootList.stream().mapToInt(Integer::intValue).toArray();
    Map<String, Integer> outIdx = new LinkedHashMap<>();
    for (String w : wanted) {
      outIdx.put(w, index.get(w));
    }
    // Last step reading each root (directly or through an alias); -1 = never freed by us.
    int[] last = new int[n];
    java.util.Arrays.fill(last, -2);
    for (int s = 0; s < draft.size(); s++) {
      for (int o : draft.get(s).outputs()) {
        if (root[o] == o) {
          last[o] = s; // unused outputs are freed right after their step
        }
      }
      for (int i : draft.get(s).inputs()) {
        if (last[root[i]] != -2) {
          last[root[i]] = s;
        }
      }
    }
    for (int k : outIdx.values()) {
      last[root[k]] = -2;
    }
    List<List<Integer>> frees = new ArrayList<>();
    for (int s = 0; s < draft.size(); s++) {
      frees.add(new ArrayList<>());
    }
    for (int v = 0; v < n; v++) {
      if (root[v] == v && last[v] >= 0) {
        frees.get(last[v]).add(v);
      }
    }
    List<Step> steps = new ArrayList<>();
    for (int s = 0; s < draft.size(); s++) {
      Step d = draft.get(s);
      steps.add(new Step(d.name(), d.op(), d.kind(), d.inputs(), d.outputs(), d.outputTypes(),
          frees.get(s).stream().mapToInt(Integer::intValue).toArray()));
    }
    return new ExecutionPlan(fed, stored, n, List.copyOf(steps), outIdx, root);
  }

  private static Kind kindOf(DifferentialFunction df, String opName) {
    if (df instanceof Identity) {
      return Kind.IDENTITY;
    }
    if (df instanceof Reshape r && reshapesInCOrder(r)) {
      return Kind.RESHAPE;
    }
    if (df instanceof Permute p && p.iArgs().length > 0) {
      return Kind.PERMUTE;
    }
    if (df instanceof DynamicCustomOp || df instanceof Op && !(df instanceof CustomOp)) {
      String cls = df.getClass().getPackageName();
      if (cls.contains("controlflow") || cls.contains("tensorops")) {
        throw new UnsupportedOperationException("op '" + opName + "' (" + df.opName() + ") is control flow");
      }
      return Kind.COMPUTE;
    }
    throw new UnsupportedOperationException("op '" + opName + "' of type " + df.getClass().getSimpleName()
        + " is not run by the planned executor");
  }

  /** A reshape flagged c-order (SameDiff's {@code -99} first argument; the only kind done as a view here). */
  private static boolean reshapesInCOrder(Reshape r) {
    long[] ia = r.iArgs();
    return ia.length > 0 && ia[0] == Reshape.C_ORDER;
  }

  /** Kahn's algorithm over the needed ops, ties broken by the graph's own (insertion) order. */
  private static List<String> topologicalOrder(SameDiff sd, Set<String> needed) {
    Map<String, Integer> pending = new LinkedHashMap<>();
    Map<String, List<String>> consumers = new HashMap<>();
    for (String opName : sd.getOps().keySet()) {
      if (!needed.contains(opName)) {
        continue;
      }
      SameDiffOp op = sd.getOps().get(opName);
      int count = 0;
      if (op.getInputsToOp() != null) {
        for (String in : new LinkedHashSet<>(op.getInputsToOp())) {
          String producer = sd.getVariables().get(in).getOutputOfOp();
          if (producer != null && needed.contains(producer)) {
            count++;
            consumers.computeIfAbsent(producer, k -> new ArrayList<>()).add(opName);
          }
        }
      }
      pending.put(opName, count);
    }
    List<String> order = new ArrayList<>();
    ArrayDeque<String> ready = new ArrayDeque<>();
    pending.forEach((k, c) -> {
      if (c == 0) {
        ready.add(k);
      }
    });
    // Insertion order is already topological for graphs built through the API; the queue keeps it.
    while (!ready.isEmpty()) {
      String op = ready.poll();
      order.add(op);
      for (String c : consumers.getOrDefault(op, List.of())) {
        if (pending.merge(c, -1, Integer::sum) == 0) {
          ready.add(c);
        }
      }
    }
    if (order.size() != needed.size()) {
      throw new UnsupportedOperationException("the graph has a cycle");
    }
    return order;
  }
}
