package io.solider.nn.backbone;

import io.solider.nn.blocks.Grid;
import io.solider.nn.blocks.PatchEmbedding;

/**
 * The part of the backbone a graph computes: from the image, or from a map shaped like stage
 * {@code after}'s output, through stage {@code last}.
 *
 * <ul>
 *   <li>{@link #whole()}: image → stages 0..3 (every model but person search);
 *   <li>{@link #upTo upTo(2)}: image → stages 0..2, person search's trunk ({@code feat_res4} =
 *       stage 2's normed map, stride 16);
 *   <li>{@link #after after(2)}: a stage-2 map (RoI-aligned, 14×14) → stage 2's patch merging and
 *       semantic controller → stage 3, person search's RoI head ({@code feat_res5} = the pooled
 *       stage-3 map).
 * </ul>
 *
 * A range never runs its last stage's patch merging or controller (their result would reach no
 * output), as the whole backbone never runs stage 3's controller.
 *
 * @param after -1 when the input is the image; else the stage whose output map is the input
 *     (B, C_after, h, w), NCHW as the stage outputs
 * @param last the last stage computed (its map is the pooled output's source)
 */
public record StageRange(int after, int last) {

  public StageRange {
    if (after < -1 || last >= SwinConfig.NUM_STAGES || after >= last) {
      throw new IllegalArgumentException("a stage range needs -1 <= after < last <= 3, got after " + after
          + ", last " + last);
    }
  }

  /** The image through all four stages. */
  public static StageRange whole() {
    return new StageRange(-1, SwinConfig.NUM_STAGES - 1);
  }

  /** The image through stage {@code last}. */
  public static StageRange upTo(int last) {
    return new StageRange(-1, last);
  }

  /** A map of stage {@code stage}'s output through the last stage. */
  public static StageRange after(int stage) {
    return new StageRange(stage, SwinConfig.NUM_STAGES - 1);
  }

  /** Whether the input is the image (else a stage map). */
  public boolean fromImage() {
    return after < 0;
  }

  /** The first stage whose blocks run. */
  public int first() {
    return after + 1;
  }

  public boolean isWhole() {
    return equals(whole());
  }

  /** Whether stage {@code s}'s blocks run in this range. */
  public boolean contains(int stage) {
    return stage >= first() && stage <= last;
  }

  /**
   * The token grid of every stage from {@code after} (or 0) to {@code last} for an input of
   * {@code height × width} (image pixels, or the input map's side), indexed by stage; null
   * elsewhere.
   */
  Grid[] grids(SwinConfig cfg, int height, int width) {
    Grid[] grids = new Grid[SwinConfig.NUM_STAGES];
    int s = fromImage() ? 0 : after;
    grids[s] = fromImage() ? PatchEmbedding.outputGrid(height, width, cfg.patchSize()) : new Grid(height, width);
    for (; s < last; s++) {
      grids[s + 1] = grids[s].merged(cfg.mergeStride(s));
    }
    return grids;
  }

  @Override
  public String toString() {
    return (fromImage() ? "image" : "stage " + after + " map") + " → stage " + last;
  }
}
