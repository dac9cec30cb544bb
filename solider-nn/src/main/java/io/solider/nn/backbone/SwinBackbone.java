package io.solider.nn.backbone;

import io.solider.nn.blocks.Dropout;
import io.solider.nn.blocks.Grid;
import io.solider.nn.blocks.ParamFactory;
import io.solider.nn.blocks.ParameterSource;
import io.solider.nn.blocks.PatchEmbedding;
import io.solider.nn.blocks.PatchMerging;
import io.solider.nn.blocks.SemanticController;
import io.solider.nn.blocks.SwinBlock;
import io.solider.nn.blocks.SwinBlock.StageContext;
import io.solider.nn.ops.GraphOps;
import io.solider.nn.ops.WindowGeometry;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Builds the SOLIDER Swin backbone as a SameDiff graph for one input size.
 *
 * <p>Placeholders: {@value #INPUT} (B, 3, H, W) normalised images; {@value #SEMANTIC_WEIGHT}
 * (B, 2) rows [λ, 1 − λ]; in training mode with drop path, {@value #DROP_PATH_KEEP}
 * (B, 2·blocks) per-sample branch scales (0 or 1/(1 − p); column 2k is block k's attention
 * branch, 2k + 1 its MLP branch), drawn by the caller so a run is reproducible from its seed.
 * Outputs: {@value #POOLED} (B, 8C) and {@code stage0..stage3} (B, C_i, H_i, W_i).
 *
 * <p>Forward, as the release: patch embedding; per stage, its blocks (odd ones shifted), the
 * stage output norm on the pre-merging tokens, patch merging (stages 0–2) and the semantic
 * controller on the tokens that flow on; pooled = mean of the last stage map. The last stage's
 * modulation never reaches an output, so its parameters are kept but not computed.
 */
public final class SwinBackbone {

  public static final String INPUT = "input";
  public static final String SEMANTIC_WEIGHT = "semantic_weight";
  public static final String DROP_PATH_KEEP = "drop_path_keep";
  public static final String POOLED = "pooled";

  private SwinBackbone() {}

  /** Name of stage {@code i}'s output map. */
  public static String stageOutput(int i) {
    return "stage" + i;
  }

  /**
   * Builds the graph.
   *
   * @param params where every parameter's array comes from (initialiser or checkpoint)
   * @param height input height H (any; padded internally as the release does)
   * @param width input width W
   */
  public static SameDiff build(SwinConfig cfg, ParameterSource params, int height, int width, BackboneMode mode) {
    SameDiff sd = SameDiff.create();
    build(new ParamFactory(sd, params), "", cfg, height, width, mode);
    return sd;
  }

  /**
   * The graph variables of one backbone instance built into a larger graph.
   *
   * @param input (B, 3, H, W) placeholder
   * @param semanticWeight (B, 2) placeholder, rows [λ, 1 − λ]
   * @param dropPathKeep (B, 2·blocks) placeholder, or null without drop path
   * @param pooled (B, 8C)
   * @param stages the four stage maps (B, C_i, H_i, W_i)
   */
  public record Nodes(SDVariable input, SDVariable semanticWeight, SDVariable dropPathKeep, SDVariable pooled,
      List<SDVariable> stages) {}

  /**
   * Builds a backbone into {@code p.sd()}, for models made of a backbone and more (e.g. a
   * pretraining graph with heads and losses). Parameters are {@code p.prefix() + key}; an
   * instance built again into the same graph with the same factory prefix (e.g. for another
   * input size) shares the first one's parameters. Placeholders, derived constants and outputs
   * are named {@code scope + "/" + name} ({@code name} alone when the scope is empty).
   */
  public static Nodes build(ParamFactory p, String scope, SwinConfig cfg, int height, int width, BackboneMode mode) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("input size must be positive, got " + height + "x" + width);
    }
    SameDiff sd = p.sd();
    boolean training = mode == BackboneMode.TRAINING;
    SDVariable image = sd.placeHolder(scoped(scope, INPUT), DataType.FLOAT, -1, cfg.inChannels(), height, width);
    SDVariable semanticWeight = sd.placeHolder(scoped(scope, SEMANTIC_WEIGHT), DataType.FLOAT, -1, 2);
    SDVariable keep = training && cfg.dropPathRate() > 0
        ? sd.placeHolder(scoped(scope, DROP_PATH_KEEP), DataType.FLOAT, -1, 2L * cfg.totalBlocks())
        : null;
    Dropout drop = new Dropout(sd, cfg.dropRate(), training);
    Dropout attnDrop = new Dropout(sd, cfg.attnDropRate(), training);

    PatchEmbedding embed = new PatchEmbedding(p.child("patch_embed"), cfg.inChannels(), cfg.patchSize(),
        cfg.embedDim(), cfg.layerNormEps());
    Grid grid = embed.outputGrid(height, width);
    SDVariable x = drop.apply(embed.apply(image, height, width));

    int window = cfg.windowSize();
    SDVariable relOneHot = sd.constant(scoped(scope, "relative_position_onehot"),
        WindowGeometry.relativePositionOneHot(window));
    List<SDVariable> outs = new ArrayList<>();
    int block = 0;
    for (int s = 0; s < SwinConfig.NUM_STAGES; s++) {
      int dim = cfg.channels(s);
      ParamFactory stage = p.child("stages").child(Integer.toString(s));
      StageContext ctx = StageContext.create(sd, scoped(scope, "stages." + s + ".shift_mask"), grid, window,
          relOneHot, drop, attnDrop);
      for (int b = 0; b < cfg.depths().get(s); b++, block++) {
        SwinBlock blk = new SwinBlock(stage.child("blocks").child(Integer.toString(b)), dim,
            cfg.numHeads().get(s), cfg.mlpRatio(), ctx, b % 2 == 1, cfg.layerNormEps());
        x = blk.apply(x, ctx, keepColumn(keep, 2 * block), keepColumn(keep, 2 * block + 1));
      }
      SDVariable stageOut = new io.solider.nn.blocks.LayerNorm(p.child("norm" + s), dim, cfg.layerNormEps())
          .apply(x, 4)
          .permute(0, 3, 1, 2);
      outs.add(sd.identity(scoped(scope, stageOutput(s)), stageOut));
      SemanticController controller = new SemanticController(p, s, s < SwinConfig.NUM_STAGES - 1 ? 2 * dim : dim);
      if (s < SwinConfig.NUM_STAGES - 1) {
        x = new PatchMerging(stage.child("downsample"), dim, cfg.layerNormEps()).apply(x, grid);
        grid = grid.merged();
        x = controller.apply(x, semanticWeight);
      }
    }
    SDVariable pooled = outs.get(SwinConfig.NUM_STAGES - 1).mean(scoped(scope, POOLED), 2, 3);
    return new Nodes(image, semanticWeight, keep, pooled, List.copyOf(outs));
  }

  /** {@code scope + "/" + name}, or {@code name} for the empty scope. */
  public static String scoped(String scope, String name) {
    return scope.isEmpty() ? name : scope + "/" + name;
  }


  private static SDVariable keepColumn(SDVariable keep, int column) {
    if (keep == null) {
      return null;
    }
    return GraphOps.sliceAxis(keep.getSameDiff(), keep, 1, 2, column, column + 1).reshape(-1, 1, 1, 1);
  }
}
