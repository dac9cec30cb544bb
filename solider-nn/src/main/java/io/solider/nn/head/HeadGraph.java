package io.solider.nn.head;

import io.solider.nn.blocks.BatchNorm;
import io.solider.nn.blocks.ParamFactory;
import io.solider.nn.blocks.ParamInit;
import io.solider.nn.blocks.ParameterStore;
import io.solider.nn.util.GradientFunctions;
import io.solider.nn.util.GraphParameters;
import io.solider.nn.util.SameDiffSessions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A task head as a SameDiff graph on backbone features, for training with a loss computed in
 * Java. The features (stage maps (B, C, H, W), a pooled (B, C), RoI features…) enter as inputs
 * whose gradients the graph returns, so they can be handed to
 * {@code RecomputingBackbone.backward}; extra inputs (dropout masks, fixed matrices) are plain
 * placeholders.
 *
 * <p>A step: {@link #forward} gives the outputs; the caller computes the loss and d loss / d
 * outputs in Java; {@link #backward} recomputes the graph and returns d loss / d parameters, d loss
 * / d features and the batch norms' batch statistics; after the optimiser step the caller commits
 * those statistics ({@link BatchStatistics#commit}). The backward pass differentiates
 * {@code Σ_o sum(output_o ⊙ grad_o)} with the given gradients as constants, which is exactly the
 * chain rule through the Java loss (SameDiff's own losses ignore incoming gradients).
 *
 * <p>Parameters and buffers come from a {@link ParameterStore}: graphs built on one store (the
 * training graph, an inference graph, another input size) share their arrays.
 */
public final class HeadGraph {

  private static final String LOSS = "head_loss";
  private static final String GRAD_PREFIX = "dloss_d_";

  private final SameDiff sd;
  private final ParameterStore store;
  private final boolean training;
  private final Map<String, SDVariable> features;
  private final Map<String, long[]> featureShapes;
  private final List<String> inputs;
  private final List<String> outputs;
  private final List<String> parameters;
  private final List<BatchNorm.Statistics> statistics;
  /** What each feature variable holds between runs (see {@link #release}). */
  private final INDArray released = Nd4j.zeros(DataType.FLOAT, 1);
  private boolean gradientsReady;

  /** Builds the head's layers on a {@link Context}. */
  @FunctionalInterface
  public interface Definition {
    void define(Context c);
  }

  /** What a head definition builds with. */
  public static final class Context {
    private final SameDiff sd;
    private final ParameterStore store;
    private final boolean training;
    private final Map<String, SDVariable> features;
    private final List<String> inputs = new ArrayList<>();
    private final Map<String, SDVariable> outputs = new LinkedHashMap<>();
    private final List<BatchNorm> batchNorms = new ArrayList<>();

    private Context(SameDiff sd, ParameterStore store, boolean training, Map<String, SDVariable> features) {
      this.sd = sd;
      this.store = store;
      this.training = training;
      this.features = features;
    }

    public SameDiff sd() {
      return sd;
    }

    /** The root parameter factory: keys are state-dict keys (give the head's prefix with {@code child}). */
    public ParamFactory params() {
      return new ParamFactory(sd, store);
    }

    public boolean training() {
      return training;
    }

    /** A declared feature input, (B, …) as declared. */
    public SDVariable feature(String name) {
      SDVariable f = features.get(name);
      if (f == null) {
        throw new IllegalArgumentException("no feature input '" + name + "'; declared: " + features.keySet());
      }
      return f;
    }

    /** A further input without gradient (a dropout mask, a target…), shape with −1 for the batch. */
    public SDVariable input(String name, long... shape) {
      inputs.add(name);
      return sd.placeHolder(name, DataType.FLOAT, shape);
    }

    /** A batch norm in the graph's mode (ε 1e-5, γ = 1) whose statistics the graph reports. */
    public BatchNorm batchNorm(ParamFactory p, int numFeatures) {
      return batchNorm(p, numFeatures, BatchNorm.EPS, ParamInit.ONES);
    }

    /** A batch norm in the graph's mode whose statistics the graph reports. */
    public BatchNorm batchNorm(ParamFactory p, int numFeatures, double eps, ParamInit weightInit) {
      BatchNorm bn = new BatchNorm(p, numFeatures, eps, training, weightInit);
      store.getOrCreate(bn.numBatchesTrackedKey(), () -> Nd4j.scalar(DataType.LONG, 0L));
      batchNorms.add(bn);
      return bn;
    }

    /** Declares an output of the head. */
    public void output(String name, SDVariable value) {
      if (outputs.containsKey(name)) {
        throw new IllegalArgumentException("output '" + name + "' declared twice");
      }
      outputs.put(name, sd.identity(name, value));
    }
  }

  /** Declares the feature inputs and the mode of a head graph. */
  public static final class Builder {
    private final Map<String, long[]> features = new LinkedHashMap<>();
    private boolean training;

    private Builder() {}

    /** A feature input with gradient, shape per sample (the batch axis is added in front). */
    public Builder feature(String name, long... shape) {
      if (features.put(name, shape.clone()) != null) {
        throw new IllegalArgumentException("feature '" + name + "' declared twice");
      }
      return this;
    }

    /** Training mode: batch norms use batch statistics (default: inference). */
    public Builder training(boolean on) {
      this.training = on;
      return this;
    }

    public HeadGraph build(ParameterStore store, Definition definition) {
      return new HeadGraph(this, store, definition);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  private HeadGraph(Builder b, ParameterStore store, Definition definition) {
    if (b.features.isEmpty()) {
      throw new IllegalArgumentException("a head graph needs at least one feature input");
    }
    this.sd = SameDiff.create();
    this.store = store;
    this.training = b.training;
    Map<String, SDVariable> feats = new LinkedHashMap<>();
    b.features.forEach((name, shape) -> feats.put(name, sd.placeHolder(name, DataType.FLOAT, withBatch(-1, shape))));
    Context ctx = new Context(sd, store, training, feats);
    definition.define(ctx);
    if (ctx.outputs.isEmpty()) {
      throw new IllegalArgumentException("the head definition declared no output");
    }
    this.features = feats;
    this.featureShapes = new LinkedHashMap<>(b.features);
    this.inputs = List.copyOf(ctx.inputs);
    this.outputs = List.copyOf(ctx.outputs.keySet());
    this.statistics = collectStatistics(ctx);

    SDVariable loss = null;
    for (Map.Entry<String, SDVariable> o : ctx.outputs.entrySet()) {
      SDVariable g = sd.placeHolder(GRAD_PREFIX + o.getKey(), DataType.FLOAT, (long[]) null);
      SDVariable term = o.getValue().mul(g).sum();
      loss = loss == null ? term : loss.add(term);
    }
    sd.identity(LOSS, loss);
    sd.setLossVariables(LOSS);
    // The feature gradients need the features to be variables; converting after the gradient
    // function exists would drop it, so convert now (with a batch-1 array, replaced every run).
    List<SDVariable> toConvert = new ArrayList<>(feats.values());
    b.features.forEach((name, shape) -> feats.get(name).setArray(Nd4j.zeros(DataType.FLOAT, withBatch(1, shape))));
    sd.convertToVariables(toConvert);
    feats.values().forEach(v -> v.setArray(released));
    List<String> params = new ArrayList<>(GraphParameters.of(sd).keySet());
    params.removeAll(feats.keySet());
    this.parameters = List.copyOf(params);
  }

  private List<BatchNorm.Statistics> collectStatistics(Context ctx) {
    List<BatchNorm.Statistics> stats = new ArrayList<>();
    for (BatchNorm bn : ctx.batchNorms) {
      if (training && bn.statistics() == null) {
        throw new IllegalStateException("batch norm " + bn.prefix() + " was created but never applied");
      }
      if (bn.statistics() != null) {
        stats.add(bn.statistics());
      }
    }
    long tracked = sd.variables().stream().filter(v -> v.name().endsWith("batch_mean")).count();
    if (tracked != stats.size()) {
      throw new IllegalStateException("the head has " + tracked + " training-mode batch norms but only " + stats.size()
          + " were made with Context.batchNorm; the others' running statistics would never move");
    }
    return List.copyOf(stats);
  }

  private static long[] withBatch(long batch, long[] shape) {
    long[] s = new long[shape.length + 1];
    s[0] = batch;
    System.arraycopy(shape, 0, s, 1, shape.length);
    return s;
  }

  public boolean training() {
    return training;
  }

  public List<String> outputNames() {
    return outputs;
  }

  /** The trainable parameters by key (live arrays of the store). */
  public Map<String, INDArray> parameters() {
    Map<String, INDArray> m = new LinkedHashMap<>();
    for (String k : parameters) {
      m.put(k, store.array(k));
    }
    return m;
  }

  public ParameterStore store() {
    return store;
  }

  /** The graph (for inspection and benchmarks). */
  public SameDiff sameDiff() {
    return sd;
  }

  /**
   * Runs the head.
   *
   * @param featureArrays one array per declared feature, (B, …)
   * @param inputArrays the further inputs (empty map if none)
   * @return every output by name
   */
  public Map<String, INDArray> forward(Map<String, INDArray> featureArrays, Map<String, INDArray> inputArrays) {
    try {
      return new HashMap<>(sd.output(placeholders(featureArrays, inputArrays), outputs));
    } finally {
      release();
    }
  }

  /**
   * The batch statistics of a training-mode forward pass, without gradients: what re-estimating
   * the running statistics over a data set needs (SCHP does so after averaging weights). Nothing
   * is committed; see {@link BatchStatistics}.
   *
   * @throws IllegalStateException for an inference-mode head (it has no batch statistics)
   */
  public BatchStatistics batchStatistics(Map<String, INDArray> featureArrays, Map<String, INDArray> inputArrays) {
    if (!training) {
      throw new IllegalStateException("an inference-mode head normalises with running statistics: no batch statistics");
    }
    try {
      Map<String, INDArray> ph = placeholders(featureArrays, inputArrays);
      List<String> names = new ArrayList<>();
      for (BatchNorm.Statistics s : statistics) {
        names.add(s.mean().name());
        names.add(s.unbiasedVar().name());
      }
      Map<String, INDArray> out = sd.output(ph, names);
      List<BatchStatistics.Entry> entries = new ArrayList<>();
      for (BatchNorm.Statistics s : statistics) {
        entries.add(new BatchStatistics.Entry(s.prefix(), out.get(s.mean().name()), out.get(s.unbiasedVar().name())));
      }
      return new BatchStatistics(entries);
    } finally {
      release();
    }
  }

  /**
   * Gradients of {@code Σ_o sum(output_o ⊙ gradOutputs_o)}, with d loss / d output (same shape as
   * the output) for every output, from the Java loss.
   */
  public HeadGradients backward(Map<String, INDArray> featureArrays, Map<String, INDArray> inputArrays,
      Map<String, INDArray> gradOutputs) {
    for (String k : gradOutputs.keySet()) {
      if (!outputs.contains(k)) {
        throw new IllegalArgumentException("gradient for unknown output '" + k + "'; outputs: " + outputs);
      }
    }
    if (!gradientsReady) {
      GradientFunctions.create(sd);
      gradientsReady = true;
    }
    try {
      Map<String, INDArray> ph = placeholders(featureArrays, inputArrays);
      for (String o : outputs) {
        INDArray g = gradOutputs.get(o);
        if (g == null) {
          throw new IllegalArgumentException("no gradient for output '" + o + "' (give zeros if the loss ignores it)");
        }
        ph.put(GRAD_PREFIX + o, g);
      }
      List<String> wanted = new ArrayList<>(parameters);
      wanted.addAll(features.keySet());
      List<String> statNames = new ArrayList<>();
      for (BatchNorm.Statistics s : statistics) {
        statNames.add(s.mean().name());
        statNames.add(s.unbiasedVar().name());
      }
      var result = sd.calculateGradientsAndOutputs(ph, statNames.isEmpty() ? null : statNames, wanted);
      Map<String, INDArray> grads = result.getGradients();
      Map<String, INDArray> paramGrads = new LinkedHashMap<>();
      for (String k : parameters) {
        INDArray g = grads.get(k);
        paramGrads.put(k, g != null ? g : Nd4j.zeros(store.array(k).dataType(), store.array(k).shape()));
      }
      Map<String, INDArray> featureGrads = new LinkedHashMap<>();
      for (String f : features.keySet()) {
        if (grads.get(f) != null) {
          featureGrads.put(f, grads.get(f));
        }
      }
      List<BatchStatistics.Entry> entries = new ArrayList<>();
      for (BatchNorm.Statistics s : statistics) {
        entries.add(new BatchStatistics.Entry(s.prefix(), result.getOutputs().get(s.mean().name()),
            result.getOutputs().get(s.unbiasedVar().name())));
      }
      return new HeadGradients(paramGrads, featureGrads, new BatchStatistics(entries));
    } finally {
      release();
    }
  }

  /**
   * Each feature variable adopts this run's array (see {@code RecomputingBackbone}: SameDiff keeps
   * the first array of a new shape as the variable's own and copies later ones into it, which would
   * overwrite a caller's earlier batch, so a one-element array is swapped in after every run).
   */
  private Map<String, INDArray> placeholders(Map<String, INDArray> featureArrays, Map<String, INDArray> inputArrays) {
    Map<String, INDArray> ph = new HashMap<>();
    for (String f : features.keySet()) {
      INDArray a = featureArrays.get(f);
      if (a == null) {
        throw new IllegalArgumentException("missing feature '" + f + "'");
      }
      long[] expected = featureShapes.get(f);
      long[] shape = a.shape();
      if (shape.length != expected.length + 1
          || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), expected)) {
        throw new IllegalArgumentException("feature '" + f + "' has shape " + Arrays.toString(shape)
            + ", the head takes (B, " + Arrays.toString(expected).replaceAll("[\\[\\]]", "") + ")");
      }
      features.get(f).setArray(a);
    }
    for (String i : inputs) {
      INDArray a = inputArrays.get(i);
      if (a == null) {
        throw new IllegalArgumentException("missing input '" + i + "'");
      }
      ph.put(i, a);
    }
    checkBatch(featureArrays.get(features.keySet().iterator().next()).size(0));
    return ph;
  }

  /**
   * torch refuses a training-mode batch norm with one value per channel ("Expected more than 1
   * value per channel when training"); SameDiff would fail deep inside its reduction instead.
   */
  private void checkBatch(long batch) {
    if (batch == 1) {
      for (BatchNorm.Statistics s : statistics) {
        if (s.rank() == 2) {
          throw new IllegalArgumentException("batch norm " + s.prefix() + " normalises one value per channel with a "
              + "batch of 1: training mode needs a batch of at least 2");
        }
      }
    }
  }

  private void release() {
    features.values().forEach(v -> v.setArray(released));
    SameDiffSessions.clear(sd);
  }
}
