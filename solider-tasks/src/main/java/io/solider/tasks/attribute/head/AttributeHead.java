package io.solider.tasks.attribute.head;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The release's attribute head ({@code models/base_block.py} LinearClassifier with
 * {@code pool='avg'}, {@code bn=False}): the backbone's last map (B, C, h, w) after {@code norm3}
 * → {@code AdaptiveAvgPool2d(1)} → {@code Linear(C, A)} with bias → logits (B, A). Written out in
 * plain Java (it is tiny next to the backbone):
 * <pre>
 *   x = mean over h·w of the map          (the backbone's pooled feature, B × C)
 *   logits = x·Wᵀ + b
 *   dW = dlogitsᵀ·x;  db = Σ_b dlogits;  dx = dlogits·W;  dmap = dx / (h·w) at every position
 * </pre>
 * Parameter names are the release model's state-dict keys ({@code FeatClassifier.classifier} →
 * {@code classifier.logits.0.weight} (A, C) and {@code classifier.logits.0.bias} (A)); the release's
 * train.py saves them under {@code state_dicts} with DataParallel's {@code module.} in front, and
 * again without it under {@code state_dict_ema} ({@link #fromCheckpoint}).
 */
public final class AttributeHead {

  public static final String WEIGHT = "classifier.logits.0.weight";
  public static final String BIAS = "classifier.logits.0.bias";

  /**
   * Where a release checkpoint keeps the head, in order of preference: a bare model state dict,
   * DataParallel's, and save_ckpt's {@code state_dicts} / {@code state_dict_ema} (the same weights).
   */
  static final List<String> PREFIXES = List.of("", "module.", "state_dicts.module.", "state_dicts.",
      "state_dict_ema.module.", "state_dict_ema.", "state_dict.module.", "state_dict.", "model.module.", "model.");

  private final int dim;
  private final int attributes;
  private final INDArray weight;
  private final INDArray bias;

  private AttributeHead(INDArray weight, INDArray bias) {
    this.weight = weight;
    this.bias = bias;
    this.attributes = (int) weight.size(0);
    this.dim = (int) weight.size(1);
  }

  /**
   * PyTorch's default {@code nn.Linear} initialisation (the release never re-initialises the head):
   * weight and bias uniform in ±1/√C (kaiming_uniform with a = √5 gives the same bound for W).
   */
  public static AttributeHead initialized(int dim, int attributes, long seed) {
    if (dim < 1 || attributes < 1) {
      throw new IllegalArgumentException("head needs dim >= 1 and >= 1 attribute, got " + dim + ", " + attributes);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double bound = 1 / Math.sqrt(dim);
    float[] w = new float[attributes * dim];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }
    float[] b = new float[attributes];
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }
    return new AttributeHead(Nd4j.create(w, new long[] {attributes, dim}, 'c'), Nd4j.create(b, new long[] {attributes},
        'c'));
  }

  /** A head from tensors under the keys of {@link #stateDict()}. */
  public static AttributeHead fromState(Map<String, INDArray> state, String source) {
    INDArray w = state.get(WEIGHT);
    INDArray b = state.get(BIAS);
    if (w == null || b == null) {
      throw new IllegalArgumentException(source + ": missing head tensor '" + (w == null ? WEIGHT : BIAS) + "'");
    }
    if (w.rank() != 2 || b.length() != w.size(0)) {
      throw new IllegalArgumentException(source + ": head weight " + java.util.Arrays.toString(w.shape()) + " and bias "
          + java.util.Arrays.toString(b.shape()) + " do not form a Linear(C, A) (weight (A, C), bias (A))");
    }
    return new AttributeHead(w.castTo(DataType.FLOAT).dup('c'), b.castTo(DataType.FLOAT).reshape(b.length()).dup('c'));
  }

  /**
   * The head of a checkpoint's flattened tensors: ours, a bare release model state dict, or the
   * release's train.py file ({@code state_dicts.module.classifier.logits.0.*}).
   */
  public static AttributeHead fromCheckpoint(Map<String, INDArray> tensors, String source) {
    for (String p : PREFIXES) {
      if (tensors.containsKey(p + WEIGHT) && tensors.containsKey(p + BIAS)) {
        return fromState(Map.of(WEIGHT, tensors.get(p + WEIGHT), BIAS, tensors.get(p + BIAS)), source);
      }
    }
    throw new IllegalArgumentException(source + ": no attribute head (" + WEIGHT + ", " + BIAS
        + ", possibly under module. / state_dicts.) — not an attribute model checkpoint?");
  }

  public int dim() {
    return dim;
  }

  public int attributes() {
    return attributes;
  }

  /** The release's keys: classifier.logits.0.weight (A, C), classifier.logits.0.bias (A). Live arrays. */
  public Map<String, INDArray> stateDict() {
    Map<String, INDArray> m = new LinkedHashMap<>();
    m.put(WEIGHT, weight);
    m.put(BIAS, bias);
    return m;
  }

  /** Gradients of the head's parameters and of its input. */
  public record Gradients(float[] input, INDArray weight, INDArray bias) {}

  /** Logits (B, A) row-major of pooled features (B, C) row-major. */
  public float[] forward(float[] pooled, int batch) {
    checkInput(pooled, batch);
    float[] w = weight.data().asFloat();
    float[] b = bias.data().asFloat();
    float[] logits = new float[batch * attributes];
    for (int n = 0; n < batch; n++) {
      int xo = n * dim;
      for (int a = 0; a < attributes; a++) {
        double s = b[a];
        int wo = a * dim;
        for (int k = 0; k < dim; k++) {
          s += (double) pooled[xo + k] * w[wo + k];
        }
        logits[n * attributes + a] = (float) s;
      }
    }
    return logits;
  }

  /** Back-propagates d loss / d logits (B, A) to the pooled features and the parameters. */
  public Gradients backward(float[] pooled, float[] gradLogits, int batch) {
    checkInput(pooled, batch);
    if (gradLogits.length != batch * attributes) {
      throw new IllegalArgumentException("head backward takes (B, " + attributes + ") logit gradients, got "
          + gradLogits.length + " values for B = " + batch);
    }
    float[] w = weight.data().asFloat();
    double[] dW = new double[attributes * dim];
    double[] dx = new double[batch * dim];
    float[] dB = new float[attributes];
    for (int a = 0; a < attributes; a++) {
      double db = 0;
      int wo = a * dim;
      for (int n = 0; n < batch; n++) {
        double g = gradLogits[n * attributes + a];
        db += g;
        int xo = n * dim;
        for (int k = 0; k < dim; k++) {
          dW[wo + k] += g * pooled[xo + k];
          dx[xo + k] += g * w[wo + k];
        }
      }
      dB[a] = (float) db;
    }
    return new Gradients(toFloat(dx), Nd4j.create(toFloat(dW), new long[] {attributes, dim}, 'c'),
        Nd4j.create(dB, new long[] {attributes}, 'c'));
  }

  /** {@code AdaptiveAvgPool2d(1)}: (B, C, h, w) row-major → (B, C), the mean over each map. */
  public static float[] pool(float[] map, int batch, int channels, int height, int width) {
    int hw = height * width;
    if (map.length != batch * channels * hw) {
      throw new IllegalArgumentException("pool takes a (B, C, h, w) = (" + batch + ", " + channels + ", " + height + ", "
          + width + ") map, got " + map.length + " values");
    }
    float[] out = new float[batch * channels];
    for (int i = 0; i < out.length; i++) {
      double s = 0;
      for (int p = 0; p < hw; p++) {
        s += map[i * hw + p];
      }
      out[i] = (float) (s / hw);
    }
    return out;
  }

  /** Gradient of {@link #pool}: each position of a map receives its pooled gradient / (h·w). */
  public static float[] poolBackward(float[] gradPooled, int batch, int channels, int height, int width) {
    if (gradPooled.length != batch * channels) {
      throw new IllegalArgumentException("pool backward takes (B, C) = (" + batch + ", " + channels + ") gradients, got "
          + gradPooled.length + " values");
    }
    int hw = height * width;
    float[] out = new float[gradPooled.length * hw];
    for (int i = 0; i < gradPooled.length; i++) {
      float g = (float) ((double) gradPooled[i] / hw);
      java.util.Arrays.fill(out, i * hw, (i + 1) * hw, g);
    }
    return out;
  }

  /** The release's predictions: sigmoid of the logits (batch_engine.py logits4pred). */
  public static float[] probabilities(float[] logits) {
    float[] p = new float[logits.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) sigmoid(logits[i]);
    }
    return p;
  }

  /** σ(z) = 1 / (1 + e^−z), evaluated without overflow for either sign. */
  public static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  private void checkInput(float[] pooled, int batch) {
    if (batch < 1 || pooled.length != batch * dim) {
      throw new IllegalArgumentException("head takes (B, " + dim + ") pooled features, got " + pooled.length
          + " values for B = " + batch);
    }
  }

  private static float[] toFloat(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
