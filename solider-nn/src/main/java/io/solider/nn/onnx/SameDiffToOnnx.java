package io.solider.nn.onnx;

import static io.solider.nn.onnx.OnnxGraph.attr;

import io.solider.nn.exec.GraphTrace;
import io.solider.nn.exec.GraphTrace.TracedOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseReduceOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.impl.shape.Reshape;

/**
 * Writes the ops of a traced SameDiff inference graph as ONNX nodes, one SameDiff variable to one
 * ONNX value of the same name (parameters keep their state-dict keys). Two patterns our blocks
 * build from primitives are written as what they are, so that runtimes use their fused kernels:
 * LayerNorm ({@code GraphOps.layerNorm}: mean, subtract, square, mean, +ε, rsqrt, multiply, ·γ,
 * +β) becomes one {@code LayerNormalization} (opset 17), and exact GELU ({@code GraphOps.gelu})
 * becomes the {@code x·0.5·(1 + erf(x/√2))} node chain ONNX Runtime fuses. Two layout patterns
 * are written in their shorter form: a reshape of a reshape that nothing else reads is one
 * {@code Reshape}, and a one-index slice whose only reader drops the sliced axis (the q, k, v parts
 * of the attention projection) is one {@code Gather}, which ONNX Runtime turns into a single
 * {@code Split} after the head transpose instead of a transpose per part. A Linear layer on tokens
 * (2-D input, stored weight and bias) is written on a (1, N, K) view of its input, as PyTorch's
 * export writes {@code nn.Linear}: ONNX Runtime then keeps it a MatMul instead of a Gemm and fuses
 * the MLP's bias into its GELU, which stays 3-D between the MLP's two layers. Any other op is
 * mapped one to one; an op with no mapping is an error that names it.
 */
final class SameDiffToOnnx {

  private static final double SQRT2 = Math.sqrt(2.0);

  private final SameDiff sd;
  private final GraphTrace trace;
  private final OnnxGraph g;
  private final Map<String, List<TracedOp>> consumers = new HashMap<>();
  private final Set<String> fused = new HashSet<>();
  private final Set<String> graphOutputs;
  /** Outputs of skipped reshapes → the value they reshape (see {@link #reshapeChain}). */
  private final Map<String, String> reshapedFrom = new HashMap<>();
  /** Values written in the (1, N, K) form of a Linear layer's input instead of their traced 2-D shape. */
  private final Set<String> threeD = new HashSet<>();

  /** @param graphOutputs never folded into a fused node, since they must stay visible */
  SameDiffToOnnx(SameDiff sd, GraphTrace trace, OnnxGraph g, Set<String> graphOutputs) {
    this.sd = sd;
    this.trace = trace;
    this.g = g;
    this.graphOutputs = graphOutputs;
    for (TracedOp op : trace.ops()) {
      for (String in : new HashSet<>(op.inputs())) {
        consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(op);
      }
    }
  }

  /** Writes every traced op. */
  void convert() {
    for (TracedOp op : trace.ops()) {
      if (fused.contains(op.name()) || layerNorm(op) || gelu(op) || reshapeChain(op) || reshapeIntoLinear(op)
          || sliceAsGather(op)) {
        continue;
      }
      emit(op);
    }
  }

  private void emit(TracedOp op) {
    DifferentialFunction df = op.op();
    String out = op.outputs().get(0);
    if (df.opName().equals("matmul")) {
      matmul(op, out);
      return;
    }
    List<String> in = new ArrayList<>();
    for (String i : op.inputs()) {
      in.add(value(i));
    }
    String type = df.opName();
    switch (type) {
      case "identity" -> g.node("Identity", List.of(in.get(0)), List.of(out));
      case "add" -> g.node("Add", in, List.of(out));
      case "subtract" -> g.node("Sub", in, List.of(out));
      case "multiply" -> g.node("Mul", in, List.of(out));
      case "divide", "realdiv" -> g.node("Div", in, List.of(out));
      case "permute" -> g.node("Transpose", List.of(in.get(0)), List.of(out), attr("perm", permutation(op)));
      case "reshape" -> g.node("Reshape", List.of(value(reshapedFrom.getOrDefault(op.inputs().get(0), op.inputs().get(0))),
          g.ints(g.helper(out), reshapeTarget(op))), List.of(out));
      case "strided_slice" -> stridedSlice(op, in.get(0), out);
      case "reduce_mean" -> reduce("ReduceMean", op, in.get(0), out);
      case "reduce_max" -> reduce("ReduceMax", op, in.get(0), out);
      case "reduce_sum" -> reduce("ReduceSum", op, in.get(0), out);
      case "softmax" -> g.node("Softmax", List.of(in.get(0)), List.of(out),
          attr("axis", iArgs(df).length > 0 ? iArgs(df)[0] : -1));
      case "concat" -> g.node("Concat", in, List.of(out), attr("axis", concatAxis(op)));
      case "pad" -> pad(op, in.get(0), out);
      case "mul_scalar" -> g.node("Mul", List.of(in.get(0), scalarOf(op)), List.of(out));
      case "add_scalar" -> g.node("Add", List.of(in.get(0), scalarOf(op)), List.of(out));
      case "sub_scalar" -> g.node("Sub", List.of(in.get(0), scalarOf(op)), List.of(out));
      case "div_scalar" -> g.node("Div", List.of(in.get(0), scalarOf(op)), List.of(out));
      case "rsub_scalar" -> g.node("Sub", List.of(scalarOf(op), in.get(0)), List.of(out));
      case "rdiv_scalar" -> g.node("Div", List.of(scalarOf(op), in.get(0)), List.of(out));
      case "square" -> g.node("Mul", List.of(in.get(0), in.get(0)), List.of(out));
      case "rsqrt" -> g.node("Reciprocal", List.of(g.node("Sqrt", List.of(in.get(0)), List.of(g.helper(out)))),
          List.of(out));
      case "erf" -> g.node("Erf", List.of(in.get(0)), List.of(out));
      case "exp" -> g.node("Exp", List.of(in.get(0)), List.of(out));
      case "log" -> g.node("Log", List.of(in.get(0)), List.of(out));
      case "sqrt" -> g.node("Sqrt", List.of(in.get(0)), List.of(out));
      case "neg" -> g.node("Neg", List.of(in.get(0)), List.of(out));
      case "abs" -> g.node("Abs", List.of(in.get(0)), List.of(out));
      case "tanh" -> g.node("Tanh", List.of(in.get(0)), List.of(out));
      case "sigmoid" -> g.node("Sigmoid", List.of(in.get(0)), List.of(out));
      case "relu" -> g.node("Relu", List.of(in.get(0)), List.of(out));
      case "softplus" -> g.node("Softplus", List.of(in.get(0)), List.of(out));
      default -> throw new IllegalArgumentException("op '" + op.name() + "' (" + type + ") has no ONNX export");
    }
  }

  /** The ONNX name of an input: stored arrays (parameters, constants) become initializers. */
  private String value(String name) {
    VariableType t = sd.getVariable(name).getVariableType();
    if (t == VariableType.VARIABLE || t == VariableType.CONSTANT) {
      g.initializer(name, sd.getArrForVarName(name));
    }
    return name;
  }

  private boolean stored(String name) {
    VariableType t = sd.getVariable(name).getVariableType();
    return t == VariableType.VARIABLE || t == VariableType.CONSTANT;
  }

  private int rank(String name) {
    return shape(name).length;
  }

  /** The shape a value had in the traced run, or a stored array's shape. */
  private long[] shape(String name) {
    long[] s = trace.shape(name);
    return s != null ? s : sd.getArrForVarName(name).shape();
  }

  private void matmul(TracedOp op, String out) {
    long[] ia = iArgs(op.op());
    double[] ta = tArgs(op.op());
    if (ta.length > 0 && ta[0] != 1.0) {
      throw new IllegalArgumentException("matmul '" + op.name() + "' with alpha " + ta[0] + " has no ONNX export");
    }
    boolean transA = ia.length > 0 && ia[0] != 0;
    boolean transB = ia.length > 1 && ia[1] != 0;
    boolean transZ = ia.length > 2 && ia[2] != 0;
    String b = transB ? transposed(op.inputs().get(1)) : value(op.inputs().get(1));
    TracedOp bias = linearBias(op);
    if (bias != null) {
      String in = op.inputs().get(0);
      linearOn3d(op, value(reshapedFrom.getOrDefault(in, in)), b, bias);
      return;
    }
    String a = transA ? transposed(op.inputs().get(0)) : value(op.inputs().get(0));
    if (!transZ) {
      g.node("MatMul", List.of(a, b), List.of(out));
      return;
    }
    String z = g.node("MatMul", List.of(a, b), List.of(g.helper(out)));
    g.node("Transpose", List.of(z), List.of(out), attr("perm", lastTwoSwapped(rank(op.inputs().get(0)))));
  }

  /**
   * The bias add of a Linear layer on a 2-D input, {@code (N, K)·W + b} with W (2-D) and b (1-D)
   * stored and neither the input nor the result transposed, or null when {@code mm} is not one.
   */
  private TracedOp linearBias(TracedOp mm) {
    String x = mm.inputs().get(0);
    String w = mm.inputs().get(1);
    // Token layers only: a layer on a graph input (the semantic weight's embedding) stays 2-D.
    if (transposedInput(mm) || rank(x) != 2 || sd.getVariable(x).getVariableType() == VariableType.PLACEHOLDER
        || !stored(w) || rank(w) != 2) {
      return null;
    }
    TracedOp add = only(mm.outputs().get(0), "add");
    if (add == null || add.inputs().size() != 2) {
      return null;
    }
    String bias = biasOf(add, mm.outputs().get(0));
    return bias != null && stored(bias) && rank(bias) == 1 ? add : null;
  }

  private static String biasOf(TracedOp add, String product) {
    List<String> in = add.inputs();
    return in.get(0).equals(product) ? in.get(1) : in.get(1).equals(product) ? in.get(0) : null;
  }

  /**
   * Writes a Linear layer on a 2-D input as PyTorch's export writes {@code nn.Linear} on tokens:
   * the input viewed as (1, N, K), {@code MatMul}, bias {@code Add}, and the result viewed as (N,
   * M) again. ONNX Runtime fuses a 2-D MatMul and its bias add into one {@code Gemm}, which ran
   * Swin-T's 48 Linear layers some 5 ms slower per image than the 3-D MatMul at batch 1 on two
   * threads, and which keeps the bias from fusing into a following GELU ({@code BiasGelu}).
   */
  private void linearOn3d(TracedOp mm, String a, String b, TracedOp add) {
    String product = mm.outputs().get(0);
    String out = add.outputs().get(0);
    long k = shape(mm.inputs().get(0))[1];
    long m = shape(product)[1];
    String a3 = threeD.contains(a) ? a
        : g.node("Reshape", List.of(a, g.ints(g.helper(product), 1, -1, k)), List.of(g.helper(product)));
    String z3 = g.node("MatMul", List.of(a3, b), List.of(g.helper(product)));
    String biasName = value(biasOf(add, product));
    Gelu gelu = geluBetweenLinears(out);
    if (gelu != null) { // the GELU and the next layer take the result in 3-D
      g.node("Add", List.of(z3, biasName), List.of(out));
      threeD.add(gelu.product().outputs().get(0));
    } else if (reshapedNext(out)) { // the reshape that reads the result takes it in 3-D
      g.node("Add", List.of(z3, biasName), List.of(out));
    } else {
      String s3 = g.node("Add", List.of(z3, biasName), List.of(g.helper(out)));
      g.node("Reshape", List.of(s3, g.ints(g.helper(out), -1, m)), List.of(out));
    }
    fused.add(add.name());
  }

  /** Whether a matmul transposes its first input or its result (then it is not written as a Linear). */
  private static boolean transposedInput(TracedOp mm) {
    long[] ia = iArgs(mm.op());
    return ia.length > 0 && ia[0] != 0 || ia.length > 2 && ia[2] != 0;
  }

  /** Whether {@code var} is read by one static reshape alone, which takes it in any shape of its length. */
  private boolean reshapedNext(String var) {
    TracedOp r = only(var, "reshape");
    return r != null && staticReshape(r) && Arrays.stream(reshapeTarget(r)).noneMatch(d -> d == 0);
  }

  /**
   * A reshape read only by a Linear layer written in 3-D ({@link #linearOn3d}), which reshapes
   * the source itself: one Reshape instead of two.
   */
  private boolean reshapeIntoLinear(TracedOp r) {
    if (!r.op().opName().equals("reshape")) {
      return false;
    }
    String v = r.outputs().get(0);
    TracedOp mm = only(v, "matmul");
    if (mm == null || !mm.inputs().get(0).equals(v) || mm.inputs().get(1).equals(v)) {
      return false;
    }
    if (linearBias(mm) == null) {
      return false;
    }
    String in = r.inputs().get(0);
    reshapedFrom.put(v, reshapedFrom.getOrDefault(in, in));
    return true;
  }

  /**
   * The input with its last two axes swapped: a parameter is stored transposed (a PyTorch Linear
   * weight then needs no Transpose node at run time), anything else gets a Transpose node.
   */
  private String transposed(String var) {
    int r = rank(var);
    if (stored(var)) {
      String name = var + "^T";
      if (!g.hasInitializer(name)) {
        INDArray a = sd.getArrForVarName(var);
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) {
          perm[i] = i;
        }
        perm[r - 1] = r - 2;
        perm[r - 2] = r - 1;
        g.initializer(name, a.permute(perm));
      }
      return name;
    }
    return g.node("Transpose", List.of(value(var)), List.of(g.helper(var)), attr("perm", lastTwoSwapped(r)));
  }

  private static long[] lastTwoSwapped(int rank) {
    long[] p = new long[rank];
    for (int i = 0; i < rank; i++) {
      p[i] = i;
    }
    p[rank - 1] = rank - 2;
    p[rank - 2] = rank - 1;
    return p;
  }

  private long[] permutation(TracedOp op) {
    long[] ia = iArgs(op.op());
    if (ia.length > 0) {
      return ia;
    }
    if (op.inputs().size() > 1 && stored(op.inputs().get(1))) {
      return sd.getArrForVarName(op.inputs().get(1)).toLongVector();
    }
    throw new IllegalArgumentException("permute '" + op.name() + "' has a computed permutation");
  }

  private long[] reshapeTarget(TracedOp op) {
    long[] ia = iArgs(op.op());
    if (op.inputs().size() > 1) {
      if (!stored(op.inputs().get(1))) {
        throw new IllegalArgumentException("reshape '" + op.name() + "' has a computed shape");
      }
      return sd.getArrForVarName(op.inputs().get(1)).toLongVector();
    }
    if (ia.length > 0 && (ia[0] == Reshape.F_ORDER || ia[0] == 'f')) {
      throw new IllegalArgumentException("reshape '" + op.name() + "' in Fortran order has no ONNX export");
    }
    boolean orderFlag = ia.length > 0 && (ia[0] == Reshape.C_ORDER || ia[0] == 'c');
    long[] shape = new long[orderFlag ? ia.length - 1 : ia.length];
    System.arraycopy(ia, orderFlag ? 1 : 0, shape, 0, shape.length);
    return shape;
  }

  /** strided_slice with begin/end masks only (no ellipsis, new or shrunk axes), as one Slice. */
  private void stridedSlice(TracedOp op, String in, String out) {
    SliceAxes a = SliceAxes.of(iArgs(op.op()));
    if (a == null) {
      throw new IllegalArgumentException("strided_slice '" + op.name() + "' with ellipsis/new/shrink axes has no ONNX export");
    }
    List<Long> starts = new ArrayList<>();
    List<Long> ends = new ArrayList<>();
    List<Long> axes = new ArrayList<>();
    List<Long> steps = new ArrayList<>();
    for (int d = 0; d < a.rank(); d++) {
      long begin = a.beginMasked(d) ? 0 : a.begin(d);
      long end = a.endMasked(d) ? Long.MAX_VALUE : a.end(d);
      long step = a.step(d);
      if (begin == 0 && end == Long.MAX_VALUE && step == 1) {
        continue;
      }
      starts.add(begin);
      ends.add(end);
      axes.add((long) d);
      steps.add(step);
    }
    String base = g.helper(out);
    g.node("Slice", List.of(in, g.ints(base + "/starts", toArray(starts)), g.ints(base + "/ends", toArray(ends)),
        g.ints(base + "/axes", toArray(axes)), g.ints(base + "/steps", toArray(steps))), List.of(out));
  }

  /**
   * A strided_slice's arguments per axis, read off its integer arguments (begin mask, ellipsis
   * mask, end mask, new-axis mask, shrink mask, then begins, ends and strides of every axis).
   */
  private record SliceAxes(long[] ia, int rank) {

    /** The slice's axes, or null when it uses ellipsis, new or shrink axes. */
    static SliceAxes of(long[] ia) {
      if (ia.length < 5 || ia[1] != 0 || ia[3] != 0 || ia[4] != 0 || (ia.length - 5) % 3 != 0) {
        return null;
      }
      return new SliceAxes(ia, (ia.length - 5) / 3);
    }

    boolean beginMasked(int d) {
      return (ia[0] >> d & 1) != 0;
    }

    boolean endMasked(int d) {
      return (ia[2] >> d & 1) != 0;
    }

    long begin(int d) {
      return ia[5 + d];
    }

    long end(int d) {
      return ia[5 + rank + d];
    }

    long step(int d) {
      return ia[5 + 2 * rank + d];
    }
  }


  private void reduce(String onnxOp, TracedOp op, String in, String out) {
    DifferentialFunction df = op.op();
    if (!(df instanceof BaseReduceOp r) || op.inputs().size() != 1) {
      throw new IllegalArgumentException(df.opName() + " '" + op.name() + "' with an axis input has no ONNX export");
    }
    int[] dims = df.getDimensions();
    int rank = rank(op.inputs().get(0));
    long[] axes;
    if (dims == null || dims.length == 0 || dims.length == 1 && dims[0] == Integer.MAX_VALUE) {
      axes = new long[rank];
      for (int i = 0; i < rank; i++) {
        axes[i] = i;
      }
    } else {
      axes = new long[dims.length];
      for (int i = 0; i < dims.length; i++) {
        axes[i] = dims[i] < 0 ? dims[i] + rank : dims[i];
      }
    }
    long keep = r.isKeepDims() ? 1 : 0;
    if (onnxOp.equals("ReduceSum")) { // opset 13+: axes are an input
      g.node(onnxOp, List.of(in, g.ints(g.helper(out), axes)), List.of(out), attr("keepdims", keep));
    } else {
      g.node(onnxOp, List.of(in), List.of(out), attr("axes", axes), attr("keepdims", keep));
    }
  }

  private long concatAxis(TracedOp op) {
    long[] ia = iArgs(op.op());
    if (ia.length == 0) {
      throw new IllegalArgumentException("concat '" + op.name() + "' without an axis argument has no ONNX export");
    }
    return ia[0];
  }

  private void pad(TracedOp op, String in, String out) {
    long[] ia = iArgs(op.op());
    if (ia.length > 0 && ia[0] != 0) {
      throw new IllegalArgumentException("pad '" + op.name() + "' in mode " + ia[0] + " has no ONNX export (constant only)");
    }
    if (!stored(op.inputs().get(1))) {
      throw new IllegalArgumentException("pad '" + op.name() + "' with computed paddings has no ONNX export");
    }
    INDArray p = sd.getArrForVarName(op.inputs().get(1));
    int r = (int) p.size(0);
    long[] pads = new long[2 * r];
    for (int d = 0; d < r; d++) {
      pads[d] = p.getLong(d, 0);
      pads[r + d] = p.getLong(d, 1);
    }
    double[] ta = tArgs(op.op());
    String base = g.helper(out);
    g.node("Pad", List.of(in, g.ints(base + "/pads", pads), g.scalar(base + "/value", ta.length > 0 ? (float) ta[0] : 0f)),
        List.of(out), attr("mode", "constant"));
  }

  private String scalarOf(TracedOp op) {
    return g.scalar(g.helper(op.outputs().get(0)), ((ScalarOp) op.op()).scalar().getFloat(0));
  }

  // ---------------------------------------------------------------- patterns

  /** Matches {@code GraphOps.layerNorm} starting at its first mean; writes LayerNormalization. */
  private boolean layerNorm(TracedOp mean) {
    if (!isKeepLastAxisMean(mean)) {
      return false;
    }
    String x = mean.inputs().get(0);
    TracedOp sub = only(mean.outputs().get(0), "subtract");
    if (sub == null || !sub.inputs().equals(List.of(x, mean.outputs().get(0)))) {
      return false;
    }
    List<TracedOp> users = consumers.getOrDefault(sub.outputs().get(0), List.of());
    TracedOp square = users.stream().filter(o -> o.op().opName().equals("square")).findFirst().orElse(null);
    TracedOp norm = users.stream().filter(o -> o.op().opName().equals("multiply")).findFirst().orElse(null);
    if (users.size() != 2 || square == null || norm == null) {
      return false;
    }
    TracedOp mean2 = only(square.outputs().get(0), "reduce_mean");
    if (mean2 == null || !isKeepLastAxisMean(mean2)) {
      return false;
    }
    TracedOp eps = only(mean2.outputs().get(0), "add_scalar");
    TracedOp rsqrt = eps == null ? null : only(eps.outputs().get(0), "rsqrt");
    if (rsqrt == null || only(rsqrt.outputs().get(0), "multiply") != norm
        || !norm.inputs().equals(List.of(sub.outputs().get(0), rsqrt.outputs().get(0)))) {
      return false;
    }
    TracedOp gain = only(norm.outputs().get(0), "multiply");
    TracedOp bias = gain == null ? null : only(gain.outputs().get(0), "add");
    if (bias == null || !gain.inputs().get(0).equals(norm.outputs().get(0)) || !stored(gain.inputs().get(1))
        || !bias.inputs().get(0).equals(gain.outputs().get(0)) || !stored(bias.inputs().get(1))) {
      return false;
    }
    float epsilon = ((ScalarOp) eps.op()).scalar().getFloat(0);
    g.node("LayerNormalization", List.of(value(x), value(gain.inputs().get(1)), value(bias.inputs().get(1))),
        List.of(bias.outputs().get(0)), attr("axis", -1L), attr("epsilon", epsilon));
    for (TracedOp o : List.of(mean, sub, square, mean2, eps, rsqrt, norm, gain, bias)) {
      fused.add(o.name());
    }
    return true;
  }

  private boolean isKeepLastAxisMean(TracedOp op) {
    if (!op.op().opName().equals("reduce_mean") || !(op.op() instanceof BaseReduceOp r) || !r.isKeepDims()
        || op.inputs().size() != 1) {
      return false;
    }
    int[] dims = op.op().getDimensions();
    int rank = rank(op.inputs().get(0));
    return dims != null && dims.length == 1 && (dims[0] == rank - 1 || dims[0] == -1);
  }

  /** Matches {@code GraphOps.gelu} (x·0.5, erf(x·(1/√2)) + 1, product) starting at x·0.5. */
  private boolean gelu(TracedOp half) {
    Gelu m = geluFrom(half);
    if (m == null) {
      return false;
    }
    String out = m.product().outputs().get(0);
    String xin = value(m.x());
    String div = g.node("Div", List.of(xin, g.scalar(g.helper(out), (float) SQRT2)), List.of(g.helper(out)));
    String e = g.node("Erf", List.of(div), List.of(g.helper(out)));
    String p = g.node("Add", List.of(e, g.scalar(g.helper(out), 1f)), List.of(g.helper(out)));
    String mul = g.node("Mul", List.of(xin, p), List.of(g.helper(out)));
    g.node("Mul", List.of(mul, g.scalar(g.helper(out), 0.5f)), List.of(out));
    for (TracedOp o : List.of(half, m.scaled(), m.erf(), m.plus(), m.product())) {
      fused.add(o.name());
    }
    return true;
  }

  /** The ops of one exact GELU of {@code x} ({@code GraphOps.gelu}). */
  private record Gelu(String x, TracedOp scaled, TracedOp erf, TracedOp plus, TracedOp product) {}

  /** The GELU whose {@code x·0.5} op is {@code half}, or null. */
  private Gelu geluFrom(TracedOp half) {
    if (!half.op().opName().equals("mul_scalar") || ((ScalarOp) half.op()).scalar().getDouble(0) != 0.5) {
      return null;
    }
    String x = half.inputs().get(0);
    TracedOp scaled = consumers.getOrDefault(x, List.of()).stream()
        .filter(o -> o.op().opName().equals("mul_scalar")
            && Math.abs(((ScalarOp) o.op()).scalar().getDouble(0) - 1 / SQRT2) < 1e-7)
        .findFirst().orElse(null);
    TracedOp erf = scaled == null ? null : only(scaled.outputs().get(0), "erf");
    TracedOp plus = erf == null ? null : only(erf.outputs().get(0), "add_scalar");
    if (plus == null || ((ScalarOp) plus.op()).scalar().getDouble(0) != 1.0) {
      return null;
    }
    TracedOp product = only(plus.outputs().get(0), "multiply");
    if (product == null || only(half.outputs().get(0), "multiply") != product
        || !product.inputs().equals(List.of(half.outputs().get(0), plus.outputs().get(0)))) {
      return null;
    }
    return new Gelu(x, scaled, erf, plus, product);
  }

  /**
   * The GELU that alone reads {@code x} and whose result a Linear layer alone reads (the MLP's
   * fc1 → GELU → fc2), or null: that GELU can run on the 3-D form of both layers.
   */
  private Gelu geluBetweenLinears(String x) {
    List<TracedOp> readers = consumers.getOrDefault(x, List.of());
    if (graphOutputs.contains(x) || readers.size() != 2) {
      return null;
    }
    for (TracedOp half : readers) {
      Gelu m = geluFrom(half);
      if (m != null && readers.contains(m.scaled())) {
        TracedOp next = only(m.product().outputs().get(0), "matmul");
        boolean linear = next != null && next.inputs().get(0).equals(m.product().outputs().get(0))
            && linearBias(next) != null;
        return linear ? m : null;
      }
    }
    return null;
  }

  /**
   * Skips a reshape whose only reader is another reshape: that one reshapes this one's input
   * directly (a C-order reshape of a reshape is one reshape). Not when the reader's target has a
   * 0, which ONNX reads as "copy this size from the input".
   */
  private boolean reshapeChain(TracedOp first) {
    if (!first.op().opName().equals("reshape")) {
      return false;
    }
    TracedOp second = only(first.outputs().get(0), "reshape");
    if (second == null || !staticReshape(second) || Arrays.stream(reshapeTarget(second)).anyMatch(d -> d == 0)) {
      return false;
    }
    String in = first.inputs().get(0);
    reshapedFrom.put(first.outputs().get(0), reshapedFrom.getOrDefault(in, in));
    return true;
  }

  /**
   * Writes a strided_slice that takes one index of one axis, read only by a reshape that drops
   * that axis, as one {@code Gather} of that index (which drops the axis itself).
   */
  private boolean sliceAsGather(TracedOp slice) {
    if (!slice.op().opName().equals("strided_slice")) {
      return false;
    }
    TracedOp reshape = only(slice.outputs().get(0), "reshape");
    long[] sliced = trace.shape(slice.outputs().get(0));
    if (reshape == null || sliced == null || !staticReshape(reshape)) {
      return false;
    }
    SliceAxes a = SliceAxes.of(iArgs(slice.op()));
    if (a == null) {
      return false;
    }
    int axis = -1;
    long index = 0;
    for (int d = 0; d < a.rank(); d++) {
      boolean full = a.beginMasked(d) && a.endMasked(d) && a.step(d) == 1;
      if (full) {
        continue;
      }
      long begin = a.begin(d);
      boolean one = !a.beginMasked(d) && !a.endMasked(d) && begin >= 0 && a.end(d) == begin + 1 && a.step(d) == 1;
      if (!one || axis >= 0) {
        return false;
      }
      axis = d;
      index = begin;
    }
    long[] target = reshapeTarget(reshape);
    if (axis < 0 || target.length != sliced.length - 1) {
      return false;
    }
    for (int i = 0, j = 0; i < sliced.length; i++) {
      if (i == axis) {
        continue;
      }
      if (target[j] != sliced[i] && target[j] != -1) {
        return false;
      }
      j++;
    }
    String out = reshape.outputs().get(0);
    g.node("Gather", List.of(value(slice.inputs().get(0)), g.intScalar(g.helper(out), index)), List.of(out),
        attr("axis", (long) axis));
    fused.add(reshape.name());
    return true;
  }

  /** A reshape whose target is fixed in the graph (not computed). */
  private boolean staticReshape(TracedOp reshape) {
    return reshape.inputs().size() < 2 || stored(reshape.inputs().get(1));
  }

  /** The single consumer of {@code var} if it is an op of {@code type}, else null. */
  private TracedOp only(String var, String type) {
    if (graphOutputs.contains(var)) {
      return null;
    }
    List<TracedOp> c = consumers.getOrDefault(var, List.of());
    return c.size() == 1 && c.get(0).op().opName().equals(type) ? c.get(0) : null;
  }

  private static long[] iArgs(DifferentialFunction f) {
    return f instanceof CustomOp c ? c.iArgs() : new long[0];
  }

  private static double[] tArgs(DifferentialFunction f) {
    return f instanceof CustomOp c ? c.tArgs() : new double[0];
  }

  private static long[] toArray(List<Long> l) {
    return l.stream().mapToLong(Long::longValue).toArray();
  }
}
