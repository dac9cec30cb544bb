package io.solider.nn.backbone;

import io.solider.nn.blocks.Grid;
import io.solider.nn.blocks.ParamFactory;
import io.solider.nn.blocks.ParameterSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds the SOLIDER Swin backbone, or a {@link StageRange} of it, as a SameDiff graph for one
 * input size.
 *
 * <p>Placeholders: {@value #INPUT} (B, 3, H, W) normalised images, or for a range that starts
 * after stage k its input map (B, C_k, h, w); {@value #SEMANTIC_WEIGHT} (B, 2) rows [λ, 1 − λ];
 * in training mode with drop path, {@value #DROP_PATH_KEEP} (B, 2·blocks) per-sample branch
 * scales (0 or 1/(1 − p); column 2k is block k's attention branch, 2k + 1 its MLP branch,
 * numbered over the whole backbone), drawn by the caller so a run is reproducible from its seed.
 * Outputs: {@code stage0..stage3} (B, C_i, H_i, W_i) for the range's stages that have an output
 * norm, and {@value #POOLED} (B, C_last), the mean of the last stage's map.
 *
 * <p>Forward, as the release: patch embedding; per stage ({@link SwinStage}), its blocks (odd
 * ones shifted), the stage output norm on the pre-merging tokens, patch merging and the semantic
 * controller on the tokens that flow on; pooled = mean of the last stage map. The last stage's
 * modulation never reaches an output, so its parameters are kept but not computed.
 */
public final class SwinBackbone {

  public static final String INPUT = "input";
  public static final String SEMANTIC_WEIGHT = "semantic_weight";
  public static final String DROP_PATH_KEEP = "drop_path_keep";
  public static final String POOLED = "pooled";
  /** Int constant (4): the graph's strides, so that a saved graph can be loaded with its configuration. */
  public static final String STRIDES = "strides";

  private SwinBackbone() {}

  /** Name of stage {@code i}'s output map. */
  public static String stageOutput(int i) {
    return "stage" + i;
  }

  /**
   * Builds the whole backbone.
   *
   * @param params where every parameter's array comes from (initialiser or checkpoint)
   * @param height input height H (any; padded internally as the release does)
   * @param width input width W
   */
  public static SameDiff build(SwinConfig cfg, ParameterSource params, int height, int width, BackboneMode mode) {
    return build(cfg, params, StageRange.whole(), height, width, mode);
  }

  /**
   * Builds a range of the backbone.
   *
   * @param height input height: image pixels, or the input map's height for a range after a stage
   * @param width input width, likewise
   */
  public static SameDiff build(SwinConfig cfg, ParameterSource params, StageRange range, int height, int width,
      BackboneMode mode) {
    SameDiff sd = SameDiff.create();
    build(new ParamFactory(sd, params), "", cfg, range, height, width, mode);
    return sd;
  }

  /**
   * The graph variables of one backbone instance built into a larger graph.
   *
   * @param input (B, 3, H, W) placeholder, or the range's input map (B, C_k, h, w)
   * @param semanticWeight (B, 2) placeholder, rows [λ, 1 − λ]
   * @param dropPathKeep (B, 2·blocks) placeholder, or null without drop path
   * @param pooled (B, C_last), or null when the last stage has no output norm
   * @param stages the four stage maps (B, C_i, H_i, W_i), indexed by stage; null for a stage
   *     outside the range or without an output norm
   */
  public record Nodes(SDVariable input, SDVariable semanticWeight, SDVariable dropPathKeep, SDVariable pooled,
      List<SDVariable> stages) {

    public Nodes {
      stages = Collections.unmodifiableList(new ArrayList<>(stages));
    }
  }

  /**
   * Builds a whole backbone into {@code p.sd()}, for models made of a backbone and more (e.g. a
   * pretraining graph with heads and losses). Parameters are {@code p.prefix() + key}; an
   * instance built again into the same graph with the same factory prefix (e.g. for another
   * input size) shares the first one's parameters. Placeholders, derived constants and outputs
   * are named {@code scope + "/" + name} ({@code name} alone when the scope is empty).
   */
  public static Nodes build(ParamFactory p, String scope, SwinConfig cfg, int height, int width, BackboneMode mode) {
    return build(p, scope, cfg, StageRange.whole(), height, width, mode);
  }

  /** As {@link #build(ParamFactory, String, SwinConfig, int, int, BackboneMode)} for a range of the backbone. */
  public static Nodes build(ParamFactory p, String scope, SwinConfig cfg, StageRange range, int height, int width,
      BackboneMode mode) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("input size must be positive, got " + height + "x" + width);
    }
    SameDiff sd = p.sd();
    boolean training = mode == BackboneMode.TRAINING;
    SDVariable input = sd.placeHolder(scoped(scope, INPUT), DataType.FLOAT, inputShape(cfg, range, height, width));
    SDVariable semanticWeight = sd.placeHolder(scoped(scope, SEMANTIC_WEIGHT), DataType.FLOAT, -1, 2);
    SDVariable keep = training && cfg.dropPathRate() > 0
        ? SwinStage.dropPathPlaceholder(sd, scoped(scope, DROP_PATH_KEEP), cfg)
        : null;
    sd.constant(scoped(scope, STRIDES), Nd4j.createFromArray(cfg.strides().stream().mapToInt(i -> i).toArray()));
    SwinStage.Shared shared = SwinStage.Shared.create(p, scope, cfg, keep, training);
    Grid[] grids = range.grids(cfg, height, width);

    SDVariable x = enter(shared, cfg, range, grids, input, height, width, semanticWeight);
    List<SDVariable> outs = new ArrayList<>(Collections.nCopies(SwinConfig.NUM_STAGES, (SDVariable) null));
    for (int s = range.first(); s <= range.last(); s++) {
      SwinStage stage = new SwinStage(shared, cfg, s, grids[s]);
      x = stage.blocks(x);
      if (stage.hasOutput()) {
        outs.set(s, sd.identity(scoped(scope, stageOutput(s)), stage.output(x)));
      }
      if (s < range.last()) {
        x = stage.flowOn(x, semanticWeight);
      } else if (s == SwinConfig.NUM_STAGES - 1) {
        stage.controller();
      }
    }
    SDVariable last = outs.get(range.last());
    SDVariable pooled = last == null ? null : last.mean(scoped(scope, POOLED), 2, 3);
    return new Nodes(input, semanticWeight, keep, pooled, outs);
  }

  /**
   * The tokens that enter the range's first stage: the patch-embedded image, or the input map
   * (B, C_k, h, w) as tokens through stage k's patch merging and semantic controller.
   */
  static SDVariable enter(SwinStage.Shared shared, SwinConfig cfg, StageRange range, Grid[] grids, SDVariable input,
      int height, int width, SDVariable semanticWeight) {
    if (range.fromImage()) {
      return SwinStage.embedPatches(shared, cfg, input, height, width);
    }
    return new SwinStage(shared, cfg, range.after(), grids[range.after()])
        .flowOn(input.permute(0, 2, 3, 1), semanticWeight);
  }

  /** Shape of the range's input placeholder, batch −1. */
  static long[] inputShape(SwinConfig cfg, StageRange range, int height, int width) {
    long channels = range.fromImage() ? cfg.inChannels() : cfg.channels(range.after());
    return new long[] {-1, channels, height, width};
  }

  /** {@code scope + "/" + name}, or {@code name} for the empty scope. */
  public static String scoped(String scope, String name) {
    return scope.isEmpty() ? name : scope + "/" + name;
  }
}
