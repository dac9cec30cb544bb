package io.solider.tasks.parsing.loss;

import io.solider.tasks.parsing.data.EdgeTargets;
import io.solider.tasks.parsing.head.ScoreMaps;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The release's parsing loss ({@code utils/criterion.py} {@code CriterionAll}) on logits already
 * at label resolution (the release upsamples every output bilinearly, align_corners=True, to the
 * label size first; phase 2 back-propagates through that resize):
 *
 * <pre>
 * L = Σ_{p ∈ parsing, fusion} 0.5·λ1·[Lovász(p, y) + CE(p, y)]  +  λ2·CE_w(edge, e)  (+ λ3·Σ_p Cons(p, edge, y))
 * </pre>
 *
 * with e the {@link EdgeTargets} of y and CE_w the class-balanced {@link EdgeLoss}. In SCHP cycles
 * (cycle ≥ 1) both CE terms become {@link SchpKl} against the SCHP model's fusion and edge logits.
 *
 * <p>The release's order of operations is kept, because {@code to_one_hot} rewrites label 255 to 0
 * in place: in a cycle, the KL of the parsing output and everything after it (the fusion
 * output's Lovász and KL, the edge KL, which takes its valid pixels from the parsing labels) see
 * ignored pixels as background; only the parsing output's Lovász still ignores them.
 *
 * <p>The consistency term is reported in {@link Result#terms()} but not added to the total: it is 0
 * or NaN and has no gradient ({@link ConsistencyTerm}), so the total equals the release's whenever
 * the release's is finite.
 */
public final class SchpCriterion {

  private final SchpLossWeights weights;

  /** A criterion with the given term weights ({@link SchpLossWeights#release()} for the release's). */
  public SchpCriterion(SchpLossWeights weights) {
    this.weights = weights;
  }

  /**
   * The head's outputs at label resolution.
   *
   * @param parsing the decoder's parsing logits (N, C, H, W)
   * @param fusion the fusion logits (N, C, H, W)
   * @param edge the edge logits (N, 2, H, W)
   */
  public record Outputs(ScoreMaps parsing, ScoreMaps fusion, ScoreMaps edge) {

    public Outputs {
      if (!parsing.sameShape(fusion)) {
        throw new IllegalArgumentException("parsing " + parsing.shape() + " and fusion " + fusion.shape() + " differ");
      }
      if (edge.channels() != 2 || edge.batch() != parsing.batch() || edge.height() != parsing.height()
          || edge.width() != parsing.width()) {
        throw new IllegalArgumentException("edge logits " + edge.shape() + " do not go with parsing " + parsing.shape());
      }
    }
  }

  /**
   * The SCHP model's outputs on the same batch, at label resolution.
   *
   * @param fusion its fusion logits (the soft target of both parsing outputs)
   * @param edge its edge logits
   * @param cycle the self-correction cycle (≥ 1); α = 1/(cycle + 1)
   */
  public record SchpTargets(ScoreMaps fusion, ScoreMaps edge, int cycle) {

    public SchpTargets {
      SchpKl.alpha(cycle);
    }
  }

  /**
   * The loss and its gradients.
   *
   * @param total the weighted sum of the terms, consistency left out
   * @param terms each unweighted term by name ({@code lovasz_parsing}, {@code ce_parsing} or {@code
   *     kl_parsing}, the same for {@code fusion}, {@code edge}, {@code consistency})
   * @param parsing ∂total/∂parsing logits
   * @param fusion ∂total/∂fusion logits
   * @param edge ∂total/∂edge logits
   */
  public record Result(double total, Map<String, Double> terms, ScoreMaps parsing, ScoreMaps fusion, ScoreMaps edge) {}

  /**
   * The loss of {@code out} against {@code labels} (N·H·W, classes or 255), with SCHP targets when
   * {@code schp} is not null.
   */
  public Result compute(Outputs out, int[] labels, SchpTargets schp) {
    ScoreMaps p0 = out.parsing();
    if (schp != null && (!schp.fusion().sameShape(p0) || !schp.edge().sameShape(out.edge()))) {
      throw new IllegalArgumentException("SCHP outputs " + schp.fusion().shape() + ", " + schp.edge().shape()
          + " do not match the model's " + p0.shape() + ", " + out.edge().shape());
    }
    PixelCrossEntropy.checkLabels(p0, labels);
    int[] edges = EdgeTargets.generate(labels, p0.batch(), p0.height(), p0.width());
    int[] y = labels.clone(); // rewritten 255 → 0 by the first one-hot, as the release's tensor
    double alpha = schp == null ? 0 : SchpKl.alpha(schp.cycle());
    Map<String, Double> terms = new LinkedHashMap<>();
    double half = 0.5 * weights.segmentation();
    double total = 0;
    ScoreMaps[] grads = new ScoreMaps[2];
    ScoreMaps[] outputs = {out.parsing(), out.fusion()};
    String[] names = {"parsing", "fusion"};
    for (int k = 0; k < 2; k++) {
      ScoreMaps p = outputs[k];
      LossTerm lovasz = LovaszSoftmax.compute(p, y);
      LossTerm second;
      if (schp == null) {
        second = PixelCrossEntropy.compute(p, y);
        terms.put("ce_" + names[k], second.value());
      } else {
        ScoreMaps target = SchpKl.softTargets(schp.fusion(), y, alpha);
        toOneHotRewrite(y);
        second = SchpKl.compute(p, target, y);
        terms.put("kl_" + names[k], second.value());
      }
      terms.put("lovasz_" + names[k], lovasz.value());
      total += half * lovasz.value() + half * second.value();
      grads[k] = weightedSum(half, lovasz.gradient(), half, second.gradient());
    }
    LossTerm edge;
    if (schp == null) {
      edge = EdgeLoss.compute(out.edge(), edges);
    } else {
      edge = SchpKl.compute(out.edge(), SchpKl.softTargets(schp.edge(), edges, alpha), y);
    }
    terms.put("edge", edge.value());
    total += weights.edge() * edge.value();
    ScoreMaps edgeGrad = weightedSum(weights.edge(), edge.gradient(), 0, null);
    double consistency = 0;
    for (ScoreMaps p : outputs) {
      consistency += ConsistencyTerm.value(p, out.edge(), y);
    }
    terms.put("consistency", consistency);
    return new Result(total, terms, grads[0], grads[1], edgeGrad);
  }

  /** The release's {@code to_one_hot} side effect: label 255 becomes 0. */
  private static void toOneHotRewrite(int[] y) {
    for (int i = 0; i < y.length; i++) {
      if (y[i] == PixelCrossEntropy.IGNORE) {
        y[i] = 0;
      }
    }
  }

  private static ScoreMaps weightedSum(double a, ScoreMaps x, double b, ScoreMaps z) {
    ScoreMaps out = x.zerosLike();
    float[] o = out.data();
    float[] xs = x.data();
    float[] zs = z == null ? null : z.data();
    for (int i = 0; i < o.length; i++) {
      o[i] = (float) (a * xs[i] + (zs == null ? 0 : b * zs[i]));
    }
    return out;
  }
}
