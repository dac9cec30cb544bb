package io.solider.tasks.search.head;

/**
 * The norm-aware embedding's arithmetic after its two projections (SeqNet's
 * {@code NormAwareEmbedding}, Chen et al. 2020): the concatenated 256-d vector {@code r} is
 * L2-normalised to the embedding {@code r / max(‖r‖, 1e-12)}, and its norm {@code ‖r‖} passes
 * through {@code BatchNorm1d(1)} (affine, ε = 1e-5, momentum 0.1) to become the person/background
 * logit. In training the batch statistics normalise and the running statistics are updated
 * (variance unbiased); in evaluation the running statistics are used. {@link #backward} returns
 * d loss / d r and the rescaler's parameter gradients from the gradients of both outputs.
 *
 * <p>The rescaler's parameters and running statistics are this object's state (PyTorch's
 * defaults: weight 1, bias 0, mean 0, variance 1).
 */
public final class NormAwareEmbedding {

  /** Embedding dimension. */
  public static final int DIM = 256;
  private static final double EPS = 1e-5;
  private static final double MOMENTUM = 0.1;
  private static final double MIN_NORM = 1e-12;

  private final int dim;
  private float weight = 1f;
  private float bias = 0f;
  private float runningMean = 0f;
  private float runningVar = 1f;

  /** A 256-d embedding head. */
  public NormAwareEmbedding() {
    this(DIM);
  }

  /** An embedding head of another dimension (for tests). */
  public NormAwareEmbedding(int dim) {
    this.dim = dim;
  }

  /**
   * Forward results and what the backward pass needs.
   *
   * @param embeddings n × dim, L2-normalised
   * @param logits n rescaled norms (the box scores' logits)
   * @param norms n norms ‖r‖
   * @param normalised n (‖r‖ − mean)/√(var + ε) as the BatchNorm computed it
   * @param invStd 1/√(var + ε) of the statistics used
   * @param training whether batch statistics were used
   */
  public record Forward(float[] embeddings, float[] logits, float[] norms, float[] normalised, double invStd,
      boolean training) {}

  /**
   * Gradients.
   *
   * @param input n × dim, d loss / d r
   * @param weight d loss / d rescaler weight
   * @param bias d loss / d rescaler bias
   */
  public record Backward(float[] input, double weight, double bias) {}

  /** Normalises {@code raw} (n × dim) and rescales the norms; updates running statistics in training. */
  public Forward forward(float[] raw, int n, boolean training) {
    if (raw.length != n * dim) {
      throw new IllegalArgumentException(raw.length + " values for " + n + " × " + dim);
    }
    if (training && n < 2) {
      throw new IllegalArgumentException("BatchNorm1d needs more than one value per channel when training, got " + n);
    }
    float[] norms = new float[n];
    float[] emb = new float[raw.length];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int k = 0; k < dim; k++) {
        double v = raw[i * dim + k];
        s += v * v;
      }
      norms[i] = (float) Math.sqrt(s);
      float c = (float) Math.max(norms[i], MIN_NORM);
      for (int k = 0; k < dim; k++) {
        emb[i * dim + k] = raw[i * dim + k] / c;
      }
    }
    double mean;
    double var;
    if (training) {
      double s = 0;
      for (float v : norms) {
        s += v;
      }
      mean = s / n;
      double ss = 0;
      for (float v : norms) {
        ss += (v - mean) * (v - mean);
      }
      var = ss / n;
      runningMean = (float) ((1 - MOMENTUM) * runningMean + MOMENTUM * mean);
      runningVar = (float) ((1 - MOMENTUM) * runningVar + MOMENTUM * ss / (n - 1));
    } else {
      mean = runningMean;
      var = runningVar;
    }
    double invStd = 1 / Math.sqrt(var + EPS);
    float[] xhat = new float[n];
    float[] logits = new float[n];
    for (int i = 0; i < n; i++) {
      xhat[i] = (float) ((norms[i] - mean) * invStd);
      logits[i] = (float) ((double) xhat[i] * weight + bias);
    }
    return new Forward(emb, logits, norms, xhat, invStd, training);
  }

  /**
   * Back-propagates {@code gradEmbeddings} (n × dim) and {@code gradLogits} (n) through the
   * rescaler and the normalisation.
   */
  public Backward backward(float[] raw, Forward f, float[] gradEmbeddings, float[] gradLogits) {
    int n = f.norms().length;
    double dWeight = 0;
    double dBias = 0;
    double sumDx = 0;
    double sumDxX = 0;
    for (int i = 0; i < n; i++) {
      dWeight += (double) gradLogits[i] * f.normalised()[i];
      dBias += gradLogits[i];
      double dx = (double) gradLogits[i] * weight;
      sumDx += dx;
      sumDxX += dx * f.normalised()[i];
    }
    float[] out = new float[raw.length];
    for (int i = 0; i < n; i++) {
      double dxhat = (double) gradLogits[i] * weight;
      double dNorm = f.training()
          ? f.invStd() / n * (n * dxhat - sumDx - f.normalised()[i] * sumDxX)
          : dxhat * f.invStd();
      double norm = f.norms()[i];
      boolean clamped = norm < MIN_NORM;
      double c = Math.max(norm, MIN_NORM);
      double dot = 0;
      for (int k = 0; k < dim; k++) {
        dot += (double) raw[i * dim + k] * gradEmbeddings[i * dim + k];
      }
      // e = r / c(‖r‖): de/dr = I/c − r ⊗ (r/‖r‖) / c² (the second term only where c = ‖r‖).
      double viaNorm = (clamped ? 0 : -dot / (c * c)) + dNorm;
      for (int k = 0; k < dim; k++) {
        double r = raw[i * dim + k];
        double g = gradEmbeddings[i * dim + k] / c;
        if (norm > 0) {
          g += viaNorm * r / norm;
        }
        out[i * dim + k] = (float) g;
      }
    }
    return new Backward(out, dWeight, dBias);
  }

  /** Confidence-weighted similarity: each embedding scaled by its detection score, in place. */
  public static void weightByScore(float[] embeddings, float[] scores, int dim) {
    for (int i = 0; i < scores.length; i++) {
      for (int k = 0; k < dim; k++) {
        embeddings[i * dim + k] *= scores[i];
      }
    }
  }

  public float weight() {
    return weight;
  }

  public float bias() {
    return bias;
  }

  public float runningMean() {
    return runningMean;
  }

  public float runningVar() {
    return runningVar;
  }

  /** Sets the rescaler's parameters (from a checkpoint or an optimiser step). */
  public void setParameters(float weight, float bias) {
    this.weight = weight;
    this.bias = bias;
  }

  /** Sets the running statistics (from a checkpoint). */
  public void setRunningStatistics(float mean, float var) {
    this.runningMean = mean;
    this.runningVar = var;
  }
}
