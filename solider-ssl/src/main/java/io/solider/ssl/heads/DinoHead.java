package io.solider.ssl.heads;

import io.solider.nn.blocks.ParamFactory;
import io.solider.nn.blocks.ParamInit;
import io.solider.nn.ops.GraphOps;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * DINO's projection head (the release's {@code DINOHead}, no batch norm):
 * {@code MLP(in→hidden→…→bottleneck, exact GELU between) → L2-normalise → weight-normalised
 * Linear(bottleneck→K, no bias)} with the norm gain g fixed at 1, i.e. every row of the last
 * weight is {@code v_k/‖v_k‖}. The part classifier is the same head with K = P + 1.
 *
 * <p>Keys (under the factory's prefix) follow the release: {@code mlp.0.*}, {@code mlp.2.*},
 * {@code mlp.4.*} (Linear layers between GELUs; {@code mlp.*} for a one-layer MLP) and
 * {@code last_layer.weight_v}; the fixed {@code last_layer.weight_g} is all ones and only
 * appears in exported checkpoints. Initialisation as the release: truncated normal 0.02 for the
 * MLP weights, zero biases, PyTorch's default Linear init for {@code weight_v}.
 */
public final class DinoHead {

  /** The weight-norm parameter of the last layer (frozen in the first epoch). */
  public static final String LAST_LAYER = "last_layer.weight_v";

  private static final double NORMALIZE_EPS = 1e-12;

  private final SameDiff sd;
  private final List<SDVariable> weights = new ArrayList<>();
  private final List<SDVariable> biases = new ArrayList<>();
  private final SDVariable lastV;

  /** Creates the head's variables for inputs of width {@code inDim}. */
  public DinoHead(ParamFactory p, int inDim, HeadConfig cfg) {
    this.sd = p.sd();
    int layers = cfg.layers();
    for (int i = 0; i < layers; i++) {
      int in = i == 0 ? inDim : cfg.hiddenDim();
      int out = i == layers - 1 ? cfg.bottleneckDim() : cfg.hiddenDim();
      ParamFactory lin = layers == 1 ? p.child("mlp") : p.child("mlp").child(Integer.toString(2 * i));
      weights.add(lin.var("weight", ParamInit.TRUNC_NORMAL, out, in));
      biases.add(lin.var("bias", ParamInit.ZEROS, out));
    }
    this.lastV = p.child("last_layer").var("weight_v", ParamInit.convDefault(cfg.bottleneckDim()),
        cfg.outDim(), cfg.bottleneckDim());
  }

  /** x (N, in) → (N, K). */
  public SDVariable apply(SDVariable x) {
    SDVariable h = x;
    for (int i = 0; i < weights.size(); i++) {
      h = GraphOps.linear(sd, h, weights.get(i), biases.get(i));
      if (i < weights.size() - 1) {
        h = GraphOps.gelu(sd, h);
      }
    }
    return lastLayer(sd, l2Normalize(sd, h), lastV);
  }

  /** {@code x / max(‖x‖₂, 1e-12)} per row (F.normalize). */
  public static SDVariable l2Normalize(SameDiff sd, SDVariable x) {
    SDVariable norm = sd.math().clipByValue(x.norm2(true, 1), NORMALIZE_EPS, Double.MAX_VALUE);
    return x.div(norm);
  }

  /** Weight-normalised Linear without bias, gain 1: {@code x · (v/‖v‖_row)ᵀ}. */
  public static SDVariable lastLayer(SameDiff sd, SDVariable x, SDVariable v) {
    SDVariable w = v.div(v.norm2(true, 1));
    return sd.mmul(x, w, false, true, false);
  }
}
