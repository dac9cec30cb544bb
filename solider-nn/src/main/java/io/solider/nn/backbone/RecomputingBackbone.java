package io.solider.nn.backbone;

import io.solider.nn.blocks.Dropout;
import io.solider.nn.blocks.Grid;
import io.solider.nn.blocks.LayerNorm;
import io.solider.nn.blocks.ParamFactory;
import io.solider.nn.blocks.PatchEmbedding;
import io.solider.nn.blocks.PatchMerging;
import io.solider.nn.blocks.SemanticController;
import io.solider.nn.blocks.SwinBlock.StageContext;
import io.solider.nn.blocks.SwinBlock;
import io.solider.nn.exec.GraphRunner;
import io.solider.nn.ops.GraphOps;
import io.solider.nn.ops.WindowGeometry;
import io.solider.nn.util.GradientFunctions;
import io.solider.nn.util.GraphParameters;
import io.solider.nn.util.NdArrays;
import io.solider.nn.util.SameDiffSessions;
import java.util.ArrayList;
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
 * The backbone for training with activation recomputation: the graph is cut into one segment per
 * Swin block (the patch embedding joins the first block, each patch merging and semantic
 * controller the first block of the next stage, each stage's output norm its last block). The
 * forward pass runs the segments without gradients and keeps only each segment's input; the
 * backward pass recomputes one segment at a time and chains the gradients through the segment
 * inputs. Memory then holds one block's activations instead of the whole network's, for about one
 * extra forward pass of compute. Numerically the same as the whole-graph gradients.
 *
 * <p>Dropout (rate &gt; 0) would draw different masks when a segment is recomputed, so it is
 * refused; drop path is exact because its masks are an input ({@code drop_path_keep}).
 */
public final class RecomputingBackbone {

  private static final String IN = "segment_input";
  private static final String OUT_TOKENS = "tokens";
  private static final String OUT_STAGE = "stage_output";
  private static final String GRAD_TOKENS = "grad_tokens";
  private static final String GRAD_STAGE = "grad_stage_output";

  private final Backbone backbone;
  private final SwinConfig cfg;
  private final int height;
  private final int width;
  private final List<Segment> segments = new ArrayList<>();
  private final List<Grid> grids = new ArrayList<>();
  private boolean collectEverySegment;

  /** What the backward pass needs from the forward pass of one batch. */
  public static final class ForwardPass {
    private final BackboneOutputs outputs;
    private final List<INDArray> segmentInputs;
    private final INDArray semanticWeight;
    private final INDArray dropPathKeep;
    private final boolean ownsKeep;

    ForwardPass(BackboneOutputs outputs, List<INDArray> segmentInputs, INDArray semanticWeight, INDArray dropPathKeep,
        boolean ownsKeep) {
      this.outputs = outputs;
      this.ownsKeep = ownsKeep;
      this.segmentInputs = segmentInputs;
      this.semanticWeight = semanticWeight;
      this.dropPathKeep = dropPathKeep;
    }

    public BackboneOutputs outputs() {
      return outputs;
    }

    /**
     * Frees the arrays this pass made (kept segment inputs, stage outputs, pooled) now rather
     * than at the next garbage collection; the caller's images and weights stay open. Call after
     * {@link #backward}; the outputs must not be used afterwards.
     */
    public void close() {
      for (int k = 1; k < segmentInputs.size(); k++) {
        NdArrays.close(segmentInputs.get(k));
      }
      NdArrays.closeAll(outputs.stages());
      NdArrays.close(outputs.pooled());
      if (ownsKeep) {
        NdArrays.close(dropPathKeep);
      }
    }
  }

  /**
   * Gradients of one batch.
   *
   * @param parameters d loss / d parameter for every backbone key (zeros where the loss does not
   *     reach, e.g. the last stage's controller)
   * @param input d loss / d images
   */
  public record Gradients(Map<String, INDArray> parameters, INDArray input) {}

  /** Builds the segment graphs for {@code height × width} inputs, sharing the backbone's arrays. */
  public RecomputingBackbone(Backbone backbone, int height, int width) {
    this.backbone = backbone;
    this.cfg = backbone.config();
    if (cfg.dropRate() > 0 || cfg.attnDropRate() > 0) {
      throw new IllegalArgumentException("recomputation needs dropout rates of 0 (a recomputed segment would draw "
          + "new dropout masks); drop path is fine");
    }
    this.height = height;
    this.width = width;
    Grid grid = PatchEmbedding.outputGrid(height, width, cfg.patchSize());
    int block = 0;
    for (int s = 0; s < SwinConfig.NUM_STAGES; s++) {
      grids.add(grid);
      for (int b = 0; b < cfg.depths().get(s); b++, block++) {
        segments.add(new Segment(s, b, block, grid));
      }
      grid = grid.merged();
    }
  }

  public SwinConfig config() {
    return cfg;
  }

  /**
   * Runs the garbage collector after every segment of the backward pass. SameDiff leaves part of
   * each execution's native arrays to the collector; at real sizes one step's worth of that
   * garbage is several times the live set, so without this the resident peak is set by when the
   * JVM happens to collect (or by JavaCPP's maxphysicalbytes cap). Costs one collection per block.
   */
  public RecomputingBackbone collectGarbageEverySegment(boolean on) {
    this.collectEverySegment = on;
    return this;
  }

  /**
   * Runs the backbone without keeping activations.
   *
   * @param dropPathKeep (B, 2·blocks) drop-path scales, or null for none (all kept)
   */
  public ForwardPass forward(INDArray images, INDArray semanticWeight, INDArray dropPathKeep) {
    INDArray keep = dropPathKeep != null ? dropPathKeep
        : Nd4j.ones(DataType.FLOAT, images.size(0), 2L * cfg.totalBlocks());
    List<INDArray> inputs = new ArrayList<>();
    List<INDArray> stages = new ArrayList<>();
    INDArray x = images;
    for (Segment seg : segments) {
      inputs.add(x);
      Map<String, INDArray> out = seg.forward(x, semanticWeight, keep);
      x = out.get(OUT_TOKENS);
      if (seg.stageOutput) {
        stages.add(out.get(OUT_STAGE));
      }
    }
    INDArray pooled = stages.get(SwinConfig.NUM_STAGES - 1).mean(2, 3);
    return new ForwardPass(new BackboneOutputs(pooled, stages), inputs, semanticWeight, keep, dropPathKeep == null);
  }

  /**
   * Back-propagates output gradients through the recomputed segments.
   *
   * @param gradPooled d loss / d pooled (B, 8C), or null
   * @param gradStages d loss / d stage i output, or null (the list itself or any entry)
   */
  public Gradients backward(ForwardPass f, INDArray gradPooled, List<INDArray> gradStages) {
    Map<String, INDArray> grads = new LinkedHashMap<>();
    INDArray gradTokens = null;
    for (int k = segments.size() - 1; k >= 0; k--) {
      Segment seg = segments.get(k);
      INDArray gradStage = null;
      INDArray spread = null;
      if (seg.stageOutput) {
        gradStage = gradStages == null ? null : gradStages.get(seg.stage);
        if (seg.stage == SwinConfig.NUM_STAGES - 1 && gradPooled != null) {
          INDArray out = f.outputs.stage(seg.stage);
          double n = out.size(2) * out.size(3);
          INDArray scaled = gradPooled.reshape(gradPooled.size(0), gradPooled.size(1), 1, 1).div(n);
          spread = scaled.broadcast(out.shape());
          if (spread != scaled) { // a 1×1 last stage: broadcast returns scaled itself
            NdArrays.close(scaled);
          }
          if (gradStage != null) {
            INDArray sum = gradStage.add(spread);
            NdArrays.close(spread);
            spread = sum;
          }
          gradStage = spread;
        }
      }
      Map<String, INDArray> g = seg.backward(f.segmentInputs.get(k), f.semanticWeight, f.dropPathKeep,
          gradTokens, gradStage);
      // Intermediate gradients are ours: free them now (the caller's gradStages stay open).
      NdArrays.close(gradTokens);
      if (spread != null) {
        NdArrays.close(gradStage);
      }
      gradTokens = g.remove(IN);
      grads.putAll(g);
      if (collectEverySegment) {
        System.gc();
      }
    }
    Map<String, INDArray> ordered = new LinkedHashMap<>();
    for (Map.Entry<String, INDArray> e : backbone.parameters().entrySet()) {
      INDArray g = grads.get(e.getKey());
      ordered.put(e.getKey(), g != null ? g : Nd4j.zeros(e.getValue().dataType(), e.getValue().shape()));
    }
    return new Gradients(ordered, gradTokens);
  }

  /** One block with what joins it, as its own small graph. */
  private final class Segment {

    final int stage;
    final boolean stageOutput;
    final SameDiff sd;
    final GraphRunner runner;
    final SDVariable input;
    final boolean hasSemanticWeight;
    final List<String> params = new ArrayList<>();
    final long[] tokenShape;
    /** What the input variable holds between runs: a shape no batch has, so the next batch is adopted, not copied. */
    final INDArray released = Nd4j.zeros(DataType.FLOAT, 1);

    Segment(int stage, int blockInStage, int blockIndex, Grid grid) {
      this.stage = stage;
      this.stageOutput = blockInStage == cfg.depths().get(stage) - 1;
      this.sd = SameDiff.create();
      this.runner = GraphRunner.of(sd);
      ParamFactory p = new ParamFactory(sd, new MapParameters(backbone.parameters()));
      Dropout none = new Dropout(sd, 0, false);
      int dim = cfg.channels(stage);
      SDVariable x;
      if (stage == 0 && blockInStage == 0) {
        input = sd.placeHolder(IN, DataType.FLOAT, -1, cfg.inChannels(), height, width);
        x = new PatchEmbedding(p.child("patch_embed"), cfg.inChannels(), cfg.patchSize(), cfg.embedDim(),
            cfg.layerNormEps()).apply(input, height, width);
        hasSemanticWeight = false;
      } else if (blockInStage == 0) {
        Grid prev = grids.get(stage - 1);
        int prevDim = cfg.channels(stage - 1);
        input = sd.placeHolder(IN, DataType.FLOAT, -1, prev.h(), prev.w(), prevDim);
        x = new PatchMerging(p.child("stages").child(Integer.toString(stage - 1)).child("downsample"), prevDim,
            cfg.layerNormEps()).apply(input, prev);
        SDVariable sw = sd.placeHolder(SwinBackbone.SEMANTIC_WEIGHT, DataType.FLOAT, -1, 2);
        x = new SemanticController(p, stage - 1, dim).apply(x, sw);
        hasSemanticWeight = true;
      } else {
        input = sd.placeHolder(IN, DataType.FLOAT, -1, grid.h(), grid.w(), dim);
        x = input;
        hasSemanticWeight = false;
      }
      SDVariable keep = sd.placeHolder(SwinBackbone.DROP_PATH_KEEP, DataType.FLOAT, -1, 2L * cfg.totalBlocks());
      int window = cfg.windowSize();
      SDVariable relOneHot = sd.constant("relative_position_onehot", WindowGeometry.relativePositionOneHot(window));
      StageContext ctx = StageContext.create(sd, "shift_mask", grid, window, relOneHot, none, none);
      SwinBlock blk = new SwinBlock(p.child("stages").child(Integer.toString(stage)).child("blocks")
          .child(Integer.toString(blockInStage)), dim, cfg.numHeads().get(stage), cfg.mlpRatio(), ctx,
          blockInStage % 2 == 1, cfg.layerNormEps());
      x = blk.apply(x, ctx, column(keep, 2 * blockIndex), column(keep, 2 * blockIndex + 1));
      SDVariable tokens = sd.identity(OUT_TOKENS, x);
      SDVariable gradTokens = sd.placeHolder(GRAD_TOKENS, DataType.FLOAT, -1, grid.h(), grid.w(), dim);
      SDVariable loss = tokens.mul(gradTokens).sum();
      if (stageOutput) {
        SDVariable out = sd.identity(OUT_STAGE, new LayerNorm(p.child("norm" + stage), dim, cfg.layerNormEps())
            .apply(x, 4).permute(0, 3, 1, 2));
        SDVariable gradOut = sd.placeHolder(GRAD_STAGE, DataType.FLOAT, -1, dim, grid.h(), grid.w());
        loss = loss.add(out.mul(gradOut).sum());
      }
      sd.identity("loss", loss);
      sd.setLossVariables("loss");
      // The input gradient chains the segments: the input must be a variable, and converting it
      // later would drop the gradient function, so convert before creating it.
      long[] shape = input.placeholderShape().clone();
      shape[0] = 1;
      input.setArray(Nd4j.zeros(DataType.FLOAT, shape));
      sd.convertToVariables(List.of(input));
      GradientFunctions.create(sd);
      input.setArray(released);
      params.addAll(GraphParameters.of(sd).keySet());
      params.remove(IN);
      tokenShape = new long[] {grid.h(), grid.w(), dim};
    }

    Map<String, INDArray> forward(INDArray x, INDArray sw, INDArray keep) {
      List<String> outs = stageOutput ? List.of(OUT_TOKENS, OUT_STAGE) : List.of(OUT_TOKENS);
      try {
        return runner.output(placeholders(x, sw, keep), outs);
      } finally {
        release();
      }
    }

    Map<String, INDArray> backward(INDArray x, INDArray sw, INDArray keep, INDArray gradTokens, INDArray gradStage) {
      long b = x.size(0);
      INDArray zeroTokens = gradTokens != null ? null
          : Nd4j.zeros(DataType.FLOAT, b, tokenShape[0], tokenShape[1], tokenShape[2]);
      INDArray zeroStage = !stageOutput || gradStage != null ? null
          : Nd4j.zeros(DataType.FLOAT, b, tokenShape[2], tokenShape[0], tokenShape[1]);
      try {
        Map<String, INDArray> ph = placeholders(x, sw, keep);
        ph.put(GRAD_TOKENS, gradTokens != null ? gradTokens : zeroTokens);
        if (stageOutput) {
          ph.put(GRAD_STAGE, gradStage != null ? gradStage : zeroStage);
        }
        List<String> wanted = new ArrayList<>(params);
        wanted.add(IN);
        return new HashMap<>(runner.gradients(ph, wanted));
      } finally {
        release();
        NdArrays.close(zeroTokens);
        NdArrays.close(zeroStage);
      }
    }

    /**
     * The segment input is a variable (for its gradient): this batch's array is set on it. SameDiff
     * keeps the first array of a new shape as the variable's own and later copies same-shaped
     * arrays into it, which would overwrite a caller's earlier batch; {@link #release} therefore
     * swaps in a one-element array after every run, so each run adopts its input afresh.
     */
    private Map<String, INDArray> placeholders(INDArray x, INDArray sw, INDArray keep) {
      input.setArray(x);
      Map<String, INDArray> ph = new HashMap<>();
      if (hasSemanticWeight) {
        ph.put(SwinBackbone.SEMANTIC_WEIGHT, sw);
      }
      ph.put(SwinBackbone.DROP_PATH_KEEP, keep);
      return ph;
    }

    /**
     * Detaches the batch's input from the graph and drops the execution sessions (with their
     * cached intermediate arrays, freed now rather than at the next garbage collection).
     */
    private void release() {
      input.setArray(released);
      SameDiffSessions.clear(sd);
    }

    private SDVariable column(SDVariable keep, int c) {
      return GraphOps.sliceAxis(sd, keep, 1, 2, c, c + 1).reshape(-1, 1, 1, 1);
    }
  }
}
