package io.solider.tasks.reid.head;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The release's re-id head (SOLIDER-REID {@code build_transformer}): pooled feature (B, D) →
 * {@code bottleneck = BatchNorm1d(D)} with its bias frozen at 0 → {@code classifier =
 * Linear(D, C, bias=False)}, weights N(0, 0.001²). Forward and backward are written out in plain
 * Java (the head is tiny next to the backbone):
 * <pre>
 *   μ, σ² = batch mean and biased variance;  x̂ = (x − μ)/√(σ² + 1e-5);  y = γ·x̂ + β
 *   logits = y·Wᵀ
 *   dW = dlogitsᵀ·y;  dy = dlogits·W;  dγ = Σ_b dy·x̂
 *   dx = γ/(B·√(σ²+ε)) · (B·dy − Σ_b dy − x̂·Σ_b dy·x̂)
 * </pre>
 * In training mode the running statistics move as torch's (momentum 0.1, unbiased variance for
 * the running variance) and {@code num_batches_tracked} counts the batches.
 */
public final class BnNeckHead {

  public static final String WEIGHT = "bottleneck.weight";
  public static final String BIAS = "bottleneck.bias";
  public static final String RUNNING_MEAN = "bottleneck.running_mean";
  public static final String RUNNING_VAR = "bottleneck.running_var";
  public static final String BATCHES = "bottleneck.num_batches_tracked";
  public static final String CLASSIFIER = "classifier.weight";

  private static final double EPS = 1e-5;
  private static final double BN_MOMENTUM = 0.1;

  private final int dim;
  private final int classes;
  private final INDArray gamma;
  private final INDArray beta;
  private final INDArray runningMean;
  private final INDArray runningVar;
  private final INDArray batches;
  private final INDArray classifier;

  private BnNeckHead(INDArray gamma, INDArray beta, INDArray runningMean, INDArray runningVar, INDArray batches,
      INDArray classifier) {
    this.gamma = gamma;
    this.beta = beta;
    this.runningMean = runningMean;
    this.runningVar = runningVar;
    this.batches = batches;
    this.classifier = classifier;
    this.classes = (int) classifier.size(0);
    this.dim = (int) classifier.size(1);
  }

  /** Release initialisation: γ = 1, β = 0, running mean 0 and variance 1, classifier N(0, 0.001²). */
  public static BnNeckHead initialized(int dim, int classes, long seed) {
    if (dim < 1 || classes < 2) {
      throw new IllegalArgumentException("head needs dim >= 1 and >= 2 classes, got " + dim + ", " + classes);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    float[] w = new float[classes * dim];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (0.001 * rng.nextGaussian());
    }
    return new BnNeckHead(Nd4j.ones(DataType.FLOAT, dim), Nd4j.zeros(DataType.FLOAT, dim),
        Nd4j.zeros(DataType.FLOAT, dim), Nd4j.ones(DataType.FLOAT, dim), Nd4j.scalar(DataType.LONG, 0L),
        Nd4j.create(w, new long[] {classes, dim}, 'c'));
  }

  /** A head from saved tensors (keys as {@link #stateDict()}), e.g. from a checkpoint. */
  public static BnNeckHead fromState(Map<String, INDArray> state, String source) {
    for (String k : new String[] {WEIGHT, BIAS, RUNNING_MEAN, RUNNING_VAR, CLASSIFIER}) {
      if (!state.containsKey(k)) {
        throw new IllegalArgumentException(source + ": missing head tensor '" + k + "'");
      }
    }
    INDArray cls = state.get(CLASSIFIER);
    long d = cls.size(1);
    for (String k : new String[] {WEIGHT, BIAS, RUNNING_MEAN, RUNNING_VAR}) {
      if (state.get(k).length() != d) {
        throw new IllegalArgumentException(source + ": '" + k + "' has " + state.get(k).length()
            + " values, the classifier takes " + d + " features");
      }
    }
    INDArray n = state.get(BATCHES);
    return new BnNeckHead(f(state.get(WEIGHT)), f(state.get(BIAS)), f(state.get(RUNNING_MEAN)),
        f(state.get(RUNNING_VAR)), Nd4j.scalar(DataType.LONG, n == null ? 0L : n.getLong(0)),
        cls.castTo(DataType.FLOAT).dup('c'));
  }

  private static INDArray f(INDArray a) {
    return a.castTo(DataType.FLOAT).reshape(a.length()).dup('c');
  }

  public int dim() {
    return dim;
  }

  public int classes() {
    return classes;
  }

  /** The release's keys: bottleneck.{weight,bias,running_mean,running_var,num_batches_tracked}, classifier.weight. */
  public Map<String, INDArray> stateDict() {
    Map<String, INDArray> m = new LinkedHashMap<>();
    m.put(WEIGHT, gamma);
    m.put(BIAS, beta);
    m.put(RUNNING_MEAN, runningMean);
    m.put(RUNNING_VAR, runningVar);
    m.put(BATCHES, batches);
    m.put(CLASSIFIER, classifier);
    return m;
  }

  /** The trained parameters (the frozen bias is not among them). */
  public Map<String, INDArray> trainable() {
    Map<String, INDArray> m = new LinkedHashMap<>();
    m.put(WEIGHT, gamma);
    m.put(CLASSIFIER, classifier);
    return m;
  }

  /** What the backward pass needs. */
  public record Forward(int batch, float[] xhat, double[] invStd, float[] y, float[] logits, double[] mean,
      double[] variance) {}

  /** Gradients of the head's parameters and of its input. */
  public record Gradients(float[] input, INDArray gamma, INDArray classifier) {}

  /**
   * Training-mode forward pass on {@code pooled} (B, D) row-major (batch statistics); the running
   * statistics move only in {@link #commitRunningStats}, so a step that fails changes nothing.
   */
  public Forward forwardTrain(float[] pooled, int batch) {
    if (pooled.length != batch * dim) {
      throw new IllegalArgumentException("head takes (B, " + dim + ") features, got " + pooled.length + " values for B = "
          + batch);
    }
    if (batch < 2) {
      throw new IllegalArgumentException("BatchNorm1d in training mode needs a batch of at least 2");
    }
    float[] g = gamma.data().asFloat();
    float[] bt = beta.data().asFloat();
    double[] mean = new double[dim];
    double[] var = new double[dim];
    for (int b = 0; b < batch; b++) {
      for (int k = 0; k < dim; k++) {
        mean[k] += pooled[b * dim + k];
      }
    }
    for (int k = 0; k < dim; k++) {
      mean[k] /= batch;
    }
    for (int b = 0; b < batch; b++) {
      for (int k = 0; k < dim; k++) {
        double d = pooled[b * dim + k] - mean[k];
        var[k] += d * d;
      }
    }
    double[] invStd = new double[dim];
    float[] xhat = new float[batch * dim];
    float[] y = new float[batch * dim];
    for (int k = 0; k < dim; k++) {
      var[k] /= batch; // biased, as BatchNorm normalises with
      invStd[k] = 1 / Math.sqrt(var[k] + EPS);
    }
    for (int b = 0; b < batch; b++) {
      for (int k = 0; k < dim; k++) {
        int i = b * dim + k;
        double xh = (pooled[i] - mean[k]) * invStd[k];
        xhat[i] = (float) xh;
        y[i] = (float) (g[k] * xh + bt[k]);
      }
    }
    float[] w = classifier.data().asFloat();
    float[] logits = new float[batch * classes];
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < classes; c++) {
        double s = 0;
        int wo = c * dim;
        int yo = b * dim;
        for (int k = 0; k < dim; k++) {
          s += (double) y[yo + k] * w[wo + k];
        }
        logits[b * classes + c] = (float) s;
      }
    }
    return new Forward(batch, xhat, invStd, y, logits, mean, var);
  }

  /**
   * Moves the running statistics with a forward pass's batch statistics as torch's BatchNorm1d in
   * training mode: momentum 0.1, unbiased variance, num_batches_tracked + 1.
   */
  public void commitRunningStats(Forward f) {
    int batch = f.batch();
    float[] rm = runningMean.data().asFloat();
    float[] rv = runningVar.data().asFloat();
    for (int k = 0; k < dim; k++) {
      rm[k] = (float) ((1 - BN_MOMENTUM) * rm[k] + BN_MOMENTUM * f.mean()[k]);
      rv[k] = (float) ((1 - BN_MOMENTUM) * rv[k] + BN_MOMENTUM * f.variance()[k] * batch / (batch - 1));
    }
    runningMean.assign(Nd4j.createFromArray(rm));
    runningVar.assign(Nd4j.createFromArray(rv));
    batches.assign(batches.getLong(0) + 1);
  }

  /** Back-propagates d loss / d logits (B, C) row-major. */
  public Gradients backward(Forward f, float[] gradLogits) {
    int batch = f.batch();
    float[] w = classifier.data().asFloat();
    float[] g = gamma.data().asFloat();
    float[] dW = new float[classes * dim];
    double[] dy = new double[batch * dim];
    for (int c = 0; c < classes; c++) {
      int wo = c * dim;
      for (int b = 0; b < batch; b++) {
        double gl = gradLogits[b * classes + c];
        if (gl == 0) {
          continue;
        }
        int yo = b * dim;
        for (int k = 0; k < dim; k++) {
          dW[wo + k] += (float) (gl * f.y()[yo + k]);
          dy[yo + k] += gl * w[wo + k];
        }
      }
    }
    float[] dGamma = new float[dim];
    float[] dx = new float[batch * dim];
    for (int k = 0; k < dim; k++) {
      double sum = 0;
      double sumXh = 0;
      for (int b = 0; b < batch; b++) {
        sum += dy[b * dim + k];
        sumXh += dy[b * dim + k] * f.xhat()[b * dim + k];
      }
      dGamma[k] = (float) sumXh;
      // dx̂ = dy·γ; dx = invStd/B · (B·dx̂ − Σdx̂ − x̂·Σ dx̂·x̂)
      double scale = g[k] * f.invStd()[k] / batch;
      for (int b = 0; b < batch; b++) {
        int i = b * dim + k;
        dx[i] = (float) (scale * (batch * dy[i] - sum - f.xhat()[i] * sumXh));
      }
    }
    return new Gradients(dx, Nd4j.create(dGamma, new long[] {dim}, 'c'),
        Nd4j.create(dW, new long[] {classes, dim}, 'c'));
  }
}
