package io.solider.nn.backbone;

import io.solider.nn.blocks.Grid;
import io.solider.nn.blocks.ParamFactory;
import io.solider.nn.exec.GraphRunner;
import io.solider.nn.util.GradientFunctions;
import io.solider.nn.util.GraphParameters;
import io.solider.nn.util.NdArrays;
import io.solider.nn.util.SameDiffSessions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The backbone (or a {@link StageRange} of it) for training with activation recomputation: the
 * graph is cut into one segment per Swin block (the patch embedding, or a range's input map with
 * its patch merging and semantic controller, joins the first block; each patch merging and
 * semantic controller the first block of the next stage; each stage's output norm its last
 * block), every segment built from the same {@link SwinStage} calls as the whole graph. The
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
  private final StageRange range;
  private final int height;
  private final int width;
  private final Grid[] grids;
  private final List<Segment> segments = new ArrayList<>();
  /** The keys whose gradients {@link #backward} reports, in the backbone's order. */
  private final List<String> gradientKeys;
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

    /** The range's stage maps (null outside it or without an output norm) and the pooled last stage. */
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
   * @param parameters d loss / d parameter for every backbone key the range reads, in the
   *     backbone's order (for the whole backbone every key, with zeros where the loss does not
   *     reach, e.g. the last stage's controller)
   * @param input d loss / d the range's input (images, or the input map of a range after a stage)
   */
  public record Gradients(Map<String, INDArray> parameters, INDArray input) {}

  /** Builds the segment graphs of the whole backbone for {@code height × width} images, sharing the backbone's arrays. */
  public RecomputingBackbone(Backbone backbone, int height, int width) {
    this(backbone, StageRange.whole(), height, width);
  }

  /**
   * Builds the segment graphs of a range of the backbone, sharing the backbone's arrays.
   *
   * @param height input height: image pixels, or the input map's height for a range after a stage
   * @param width input width, likewise
   */
  public RecomputingBackbone(Backbone backbone, StageRange range, int height, int width) {
    this.backbone = backbone;
    this.cfg = backbone.config();
    if (cfg.dropRate() > 0 || cfg.attnDropRate() > 0) {
      throw new IllegalArgumentException("recomputation needs dropout rates of 0 (a recomputed segment would draw "
          + "new dropout masks); drop path is fine");
    }
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("input size must be positive, got " + height + "x" + width);
    }
    this.range = range;
    this.height = height;
    this.width = width;
    this.grids = range.grids(cfg, height, width);
    Set<String> read = new LinkedHashSet<>();
    for (int s = range.first(); s <= range.last(); s++) {
      for (int b = 0; b < cfg.depths().get(s); b++) {
        Segment seg = new Segment(s, b);
        segments.add(seg);
        read.addAll(seg.params);
      }
    }
    List<String> keys = new ArrayList<>();
    for (String k : backbone.parameters().keySet()) {
      if (read.contains(k) || range.last() == SwinConfig.NUM_STAGES - 1 && isLastController(k)) {
        keys.add(k);
      }
    }
    this.gradientKeys = Collections.unmodifiableList(keys);
  }

  public SwinConfig config() {
    return cfg;
  }

  /** The part of the backbone this computes. */
  public StageRange range() {
    return range;
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
   * Runs the range without keeping activations.
   *
   * @param input (B, 3, H, W) images, or for a range after stage k the maps (B, C_k, h, w)
   * @param dropPathKeep (B, 2·blocks) drop-path scales (columns numbered over the whole
   *     backbone), or null for none (all kept)
   */
  public ForwardPass forward(INDArray input, INDArray semanticWeight, INDArray dropPathKeep) {
    long[] expected = SwinBackbone.inputShape(cfg, range, height, width);
    long[] shape = input.shape();
    if (shape.length != 4 || shape[1] != expected[1] || shape[2] != expected[2] || shape[3] != expected[3]) {
      throw new IllegalArgumentException("input has shape " + Arrays.toString(shape) + ", this backbone ("
          + range + ") takes (B, " + expected[1] + ", " + expected[2] + ", " + expected[3] + ")");
    }
    INDArray keep = dropPathKeep != null ? dropPathKeep
        : Nd4j.ones(DataType.FLOAT, input.size(0), 2L * cfg.totalBlocks());
    List<INDArray> inputs = new ArrayList<>();
    List<INDArray> stages = new ArrayList<>(Collections.nCopies(SwinConfig.NUM_STAGES, (INDArray) null));
    INDArray x = input;
    for (Segment seg : segments) {
      inputs.add(x);
      Map<String, INDArray> out = seg.forward(x, semanticWeight, keep);
      x = out.get(OUT_TOKENS);
      if (seg.stageOutput) {
        stages.set(seg.stage, out.get(OUT_STAGE));
      }
    }
    INDArray last = stages.get(range.last());
    INDArray pooled = last == null ? null : last.mean(2, 3);
    return new ForwardPass(new BackboneOutputs(pooled, stages), inputs, semanticWeight, keep, dropPathKeep == null);
  }

  /**
   * Back-propagates output gradients through the recomputed segments.
   *
   * @param gradPooled d loss / d pooled (B, C_last), or null
   * @param gradStages d loss / d stage i's output map, indexed by stage, or null (the list itself
   *     or any entry); only stages the range outputs may have one
   */
  public Gradients backward(ForwardPass f, INDArray gradPooled, List<INDArray> gradStages) {
    checkGradients(f, gradPooled, gradStages);
    Map<String, INDArray> grads = new LinkedHashMap<>();
    INDArray gradTokens = null;
    for (int k = segments.size() - 1; k >= 0; k--) {
      Segment seg = segments.get(k);
      INDArray gradStage = null;
      INDArray spread = null;
      if (seg.stageOutput) {
        gradStage = gradStages == null || seg.stage >= gradStages.size() ? null : gradStages.get(seg.stage);
        if (seg.stage == range.last() && gradPooled != null) {
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
    for (String key : gradientKeys) {
      INDArray g = grads.get(key);
      INDArray p = backbone.parameters().get(key);
      ordered.put(key, g != null ? g : Nd4j.zeros(p.dataType(), p.shape()));
    }
    return new Gradients(ordered, gradTokens);
  }

  private void checkGradients(ForwardPass f, INDArray gradPooled, List<INDArray> gradStages) {
    if (gradPooled != null && f.outputs.pooled() == null) {
      throw new IllegalArgumentException("a pooled gradient was given, but stage " + range.last()
          + " has no output norm, so there is no pooled output");
    }
    if (gradStages == null) {
      return;
    }
    for (int i = 0; i < gradStages.size(); i++) {
      if (gradStages.get(i) != null && (i >= SwinConfig.NUM_STAGES || f.outputs.stages().get(i) == null)) {
        throw new IllegalArgumentException("a gradient was given for stage " + i + ", which is not an output of "
            + "this backbone (" + range + ", outIndices " + cfg.outIndices() + ")");
      }
    }
  }

  private static boolean isLastController(String key) {
    int last = SwinConfig.NUM_STAGES - 1;
    return key.startsWith("semantic_embed_w." + last + ".") || key.startsWith("semantic_embed_b." + last + ".");
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

    Segment(int stage, int blockInStage) {
      this.stage = stage;
      this.sd = SameDiff.create();
      this.runner = GraphRunner.of(sd);
      ParamFactory p = new ParamFactory(sd, new MapParameters(backbone.parameters()));
      SDVariable keep = SwinStage.dropPathPlaceholder(sd, SwinBackbone.DROP_PATH_KEEP, cfg);
      SwinStage.Shared shared = SwinStage.Shared.create(p, "", cfg, keep, false);
      SwinStage current = new SwinStage(shared, cfg, stage, grids[stage]);
      this.stageOutput = blockInStage == current.depth() - 1 && current.hasOutput();
      SDVariable x;
      if (stage == range.first() && blockInStage == 0) {
        input = sd.placeHolder(IN, DataType.FLOAT, SwinBackbone.inputShape(cfg, range, height, width));
        hasSemanticWeight = !range.fromImage();
        SDVariable sw = hasSemanticWeight ? semanticWeightPlaceholder() : null;
        x = SwinBackbone.enter(shared, cfg, range, grids, input, height, width, sw);
      } else if (blockInStage == 0) {
        SwinStage previous = new SwinStage(shared, cfg, stage - 1, grids[stage - 1]);
        input = sd.placeHolder(IN, DataType.FLOAT, -1, previous.grid().h(), previous.grid().w(), previous.channels());
        hasSemanticWeight = true;
        x = previous.flowOn(input, semanticWeightPlaceholder());
      } else {
        input = sd.placeHolder(IN, DataType.FLOAT, -1, current.grid().h(), current.grid().w(), current.channels());
        x = input;
        hasSemanticWeight = false;
      }
      x = current.block(blockInStage, x);
      Grid grid = current.grid();
      int dim = current.channels();
      SDVariable tokens = sd.identity(OUT_TOKENS, x);
      SDVariable gradTokens = sd.placeHolder(GRAD_TOKENS, DataType.FLOAT, -1, grid.h(), grid.w(), dim);
      SDVariable loss = tokens.mul(gradTokens).sum();
      if (stageOutput) {
        SDVariable out = sd.identity(OUT_STAGE, current.output(x));
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

    private SDVariable semanticWeightPlaceholder() {
      return sd.placeHolder(SwinBackbone.SEMANTIC_WEIGHT, DataType.FLOAT, -1, 2);
    }

    Map<String, INDArray> forward(INDArray x, INDArray sw, INDArray keep) {
      List<String> outs = stageOutput ? List.of(OUT_TOKENS, OUT_STAGE) : List.of(OUT_TOKENS);
      try {
        return execute(placeholders(x, sw, keep), outs);
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
        return new HashMap<>(gradients(ph, wanted));
      } finally {
        release();
        NdArrays.close(zeroTokens);
        NdArrays.close(zeroStage);
      }
    }

    /** One inference run of the segment graph (the single place a segment executes forward). */
    private Map<String, INDArray> execute(Map<String, INDArray> placeholders, List<String> outputs) {
      return runner.output(placeholders, outputs);
    }

    /** One gradient run of the segment graph (the single place a segment executes backward). */
    private Map<String, INDArray> gradients(Map<String, INDArray> placeholders, List<String> wanted) {
      return runner.gradients(placeholders, wanted);
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
  }
}
