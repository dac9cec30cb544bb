package io.solider.nn.backbone;

import io.solider.nn.blocks.Dropout;
import io.solider.nn.blocks.Grid;
import io.solider.nn.blocks.LayerNorm;
import io.solider.nn.blocks.ParamFactory;
import io.solider.nn.blocks.PatchEmbedding;
import io.solider.nn.blocks.PatchMerging;
import io.solider.nn.blocks.SemanticController;
import io.solider.nn.blocks.SwinBlock;
import io.solider.nn.blocks.SwinBlock.StageContext;
import io.solider.nn.ops.GraphOps;
import io.solider.nn.ops.WindowGeometry;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Stage {@code s} of the backbone, the one place its wiring is written:
 *
 * <ol>
 *   <li>{@link #block} / {@link #blocks}: {@code depth} Swin blocks at C_s channels on the stage's
 *       token grid, odd blocks shifted by half a window, each with its drop-path scales;
 *   <li>{@link #output}: the stage output, LayerNorm {@code norm_s} of the blocks' tokens, as an
 *       NCHW map (stages outside {@code outIndices} have none);
 *   <li>{@link #flowOn}: what goes on to stage s + 1: patch merging (stride 2, or 1 in the pose,
 *       parsing and detection variants) then the semantic controller
 *       {@code x ⊙ softplus(W_s·[λ, 1−λ] + b_s) + (V_s·[λ, 1−λ] + c_s)}.
 * </ol>
 *
 * {@link SwinBackbone} applies stages one after the other into one graph; {@link
 * RecomputingBackbone} builds one small graph per block from the same calls. Parameters are
 * created when a part is first applied, so a graph holding one block holds only that block's
 * parameters (and those of what joins it).
 */
public final class SwinStage {

  /**
   * What every stage of one graph shares.
   *
   * @param params the backbone's parameters (keys {@code stages.s…}, {@code norm_s…},
   *     {@code semantic_embed_…})
   * @param scope prefix of the graph's constant names ("" for none)
   * @param relOneHot the relative-position gather matrix, one constant per graph
   * @param dropPathKeep (B, 2·blocks) drop-path scales, or null without drop path
   * @param drop dropout after the patch embedding, on projections and in MLPs
   * @param attnDrop dropout on attention probabilities
   */
  public record Shared(ParamFactory params, String scope, SDVariable relOneHot, SDVariable dropPathKeep, Dropout drop,
      Dropout attnDrop) {

    /** Creates the graph's relative-position constant; dropout only in training mode. */
    public static Shared create(ParamFactory params, String scope, SwinConfig cfg, SDVariable dropPathKeep,
        boolean training) {
      SameDiff sd = params.sd();
      SDVariable relOneHot = sd.constant(SwinBackbone.scoped(scope, "relative_position_onehot"),
          WindowGeometry.relativePositionOneHot(cfg.windowSize()));
      return new Shared(params, scope, relOneHot, dropPathKeep, new Dropout(sd, cfg.dropRate(), training),
          new Dropout(sd, cfg.attnDropRate(), training));
    }
  }

  private final Shared shared;
  private final SwinConfig cfg;
  private final int index;
  private final Grid grid;
  private final ParamFactory stage;
  private StageContext context;

  /**
   * @param index stage number s (0..3)
   * @param grid the stage's token grid
   */
  public SwinStage(Shared shared, SwinConfig cfg, int index, Grid grid) {
    this.shared = shared;
    this.cfg = cfg;
    this.index = index;
    this.grid = grid;
    this.stage = shared.params().child("stages").child(Integer.toString(index));
  }

  /**
   * The patch embedding that feeds stage 0: image (B, inChannels, height, width) → tokens
   * (B, h, w, C), with dropout after it (the release's {@code drop_after_pos}).
   */
  public static SDVariable embedPatches(Shared shared, SwinConfig cfg, SDVariable image, int height, int width) {
    PatchEmbedding embed = new PatchEmbedding(shared.params().child("patch_embed"), cfg.inChannels(),
        cfg.patchSize(), cfg.embedDim(), cfg.layerNormEps());
    return shared.drop().apply(embed.apply(image, height, width));
  }

  public int index() {
    return index;
  }

  public Grid grid() {
    return grid;
  }

  public int depth() {
    return cfg.depths().get(index);
  }

  public int channels() {
    return cfg.channels(index);
  }

  /** The grid after {@link #flowOn}. */
  public Grid nextGrid() {
    return grid.merged(cfg.mergeStride(index));
  }

  /** Whether the stage has an output norm (is in the configuration's {@code outIndices}). */
  public boolean hasOutput() {
    return cfg.hasOutput(index);
  }

  /** Block {@code b} of the stage: tokens (B, h, w, C) → (B, h, w, C). */
  public SDVariable block(int b, SDVariable x) {
    StageContext ctx = context();
    SwinBlock blk = new SwinBlock(stage.child("blocks").child(Integer.toString(b)), channels(),
        cfg.numHeads().get(index), cfg.mlpRatio(), ctx, b % 2 == 1, cfg.layerNormEps());
    int global = cfg.firstBlock(index) + b;
    return blk.apply(x, ctx, keepColumn(2 * global), keepColumn(2 * global + 1));
  }

  /** Every block of the stage in turn. */
  public SDVariable blocks(SDVariable x) {
    for (int b = 0; b < depth(); b++) {
      x = block(b, x);
    }
    return x;
  }

  /** The stage output: {@code norm_s} of tokens (B, h, w, C), as a map (B, C, h, w). */
  public SDVariable output(SDVariable x) {
    if (!hasOutput()) {
      throw new IllegalStateException("stage " + index + " has no output norm (outIndices " + cfg.outIndices() + ")");
    }
    return new LayerNorm(shared.params().child("norm" + index), channels(), cfg.layerNormEps())
        .apply(x, 4)
        .permute(0, 3, 1, 2);
  }

  /**
   * What flows on to stage s + 1: patch merging of tokens (B, h, w, C), then the semantic
   * controller with {@code semanticWeight} (B, 2) rows [λ, 1 − λ] → (B, h', w', 2C).
   */
  public SDVariable flowOn(SDVariable x, SDVariable semanticWeight) {
    SDVariable merged = new PatchMerging(stage.child("downsample"), channels(), cfg.mergeStride(index),
        cfg.layerNormEps()).apply(x, grid);
    return controller().apply(merged, semanticWeight);
  }

  /**
   * The stage's semantic controller. The last stage's modulates tokens that reach no output: the
   * release computes and discards it, the whole graph only declares its parameters (they are
   * checkpoint keys).
   */
  public SemanticController controller() {
    return new SemanticController(shared.params(), index, cfg.channels(Math.min(index + 1, SwinConfig.NUM_STAGES - 1)));
  }

  /** The blocks' geometry constants, created with the first block. */
  private StageContext context() {
    if (context == null) {
      context = StageContext.create(shared.params().sd(),
          SwinBackbone.scoped(shared.scope(), "stages." + index + ".shift_mask"), grid, cfg.windowSize(),
          shared.relOneHot(), shared.drop(), shared.attnDrop());
    }
    return context;
  }

  /** Column {@code c} of the drop-path scales as (B, 1, 1, 1), or null without drop path. */
  private SDVariable keepColumn(int c) {
    SDVariable keep = shared.dropPathKeep();
    if (keep == null) {
      return null;
    }
    return GraphOps.sliceAxis(keep.getSameDiff(), keep, 1, 2, c, c + 1).reshape(-1, 1, 1, 1);
  }

  /** The drop-path placeholder of a graph: (B, 2·blocks), column 2k block k's attention, 2k + 1 its MLP. */
  static SDVariable dropPathPlaceholder(SameDiff sd, String name, SwinConfig cfg) {
    return sd.placeHolder(name, DataType.FLOAT, -1, 2L * cfg.totalBlocks());
  }
}
