package io.solider.tasks.parsing.head;

import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.blocks.Conv2d;
import io.solider.nn.blocks.Grid;
import io.solider.nn.blocks.ParamFactory;
import io.solider.nn.blocks.ParameterStore;
import io.solider.nn.blocks.PatchEmbedding;
import io.solider.nn.head.HeadGraph;
import io.solider.nn.ops.Activations;
import io.solider.nn.ops.AdaptiveAvgPool;
import io.solider.nn.ops.Dropout2d;
import io.solider.nn.ops.Interpolation;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The release's parsing head on the four backbone maps (SOLIDER-HumanParsing
 * {@code networks/swin_transformer.py} {@code SwinTransformer.forward} with the blocks of
 * {@code networks/AugmentCE2P.py}), as a {@link HeadGraph} whose variables carry the release's
 * state-dict keys. With stage channels C, 2C, 4C, 8C (strides 4, 8, 16, 16):
 *
 * <pre>
 * context_encoding (PSPModule on stage 3): for s in 1, 2, 3, 6: AdaptiveAvgPool(s) → Conv1×1 8C→P → BN → ReLU
 *     → bilinear (align_corners) back to stage 3's size; concat(4 priors, stage 3) → Conv3×3 (P·4+8C)→P → BN → ReLU
 * decoder: Conv1×1 P→256 BN ReLU, bilinear to stage 0's size; stage 0 → Conv1×1 C→C/2 BN ReLU; concat
 *     → Conv1×1 →256 BN ReLU → Conv1×1 256→256 BN ReLU (parsing_fea) → Conv1×1 256→classes (+bias) = parsing
 * edge: stage i (i = 0, 1, 2) → Conv1×1 →2C BN ReLU (edge_i_fea) → shared Conv3×3 2C→2 (+bias) (edge_i);
 *     levels 1, 2 (maps and logits) bilinear to stage 0's size; Conv1×1 6→2 (+bias) on the logits = edge;
 *     edge_fea = concat of the three maps (6C)
 * fushion: concat(parsing_fea, edge_fea) → Conv1×1 →256 BN ReLU → Dropout2d(0.1) → Conv1×1 256→classes (+bias) = fusion
 * </pre>
 *
 * <p>Every "InPlaceABNSync" of the release is BatchNorm + ReLU (its own redefinition), every
 * upsampling bilinear with align_corners=True, every convolution initialised as PyTorch's default.
 * P is 512 in the release (Swin-T/S: 8C = 768, edge 192, decoder skip 48, fusion input 832; Swin-B
 * 1024, 256, 64, 1024). The outputs {@value #PARSING}, {@value #FUSION} and {@value #EDGE} are at
 * stage 0's size (stride 4). In training mode the dropout mask is the input
 * {@value #DROPOUT_MASK} (B, 256) ({@link Dropout2d#mask}); in inference the dropout is the
 * identity.
 */
public final class SchpHead {

  /** The decoder's parsing logits. */
  public static final String PARSING = "parsing";
  /** The fusion logits (what inference uses). */
  public static final String FUSION = "fusion";
  /** The edge logits (2 channels). */
  public static final String EDGE = "edge";
  /** The fusion's Dropout2d mask input (training mode). */
  public static final String DROPOUT_MASK = "fusion_dropout_mask";
  /** Dropout2d probability of the fusion. */
  public static final double DROPOUT = 0.1;
  /** Channels of the decoder and the fusion. */
  public static final int WIDTH = 256;
  /** The PSP module's pooled sizes. */
  static final int[] POOL_SIZES = {1, 2, 3, 6};
  /** The backbone stage maps the head reads. */
  public static final List<String> FEATURES = List.of("stage0", "stage1", "stage2", "stage3");
  /** The key prefixes of the head's parameters, in the release's module order. */
  public static final List<String> PARTS = List.of("context_encoding.", "edge.", "decoder.", "fushion.");

  private SchpHead() {}

  /**
   * The head's sizes.
   *
   * @param embedDim C, the backbone's stage-0 channels (even)
   * @param classes output classes (LIP: 20)
   * @param pspChannels P, the PSP module's width (release: 512)
   */
  public record Spec(int embedDim, int classes, int pspChannels) {

    /** The release's PSP width. */
    public static final int RELEASE_PSP = 512;

    public Spec {
      if (embedDim < 2 || embedDim % 2 != 0) {
        throw new IllegalArgumentException("the parsing head needs an even backbone width (decoder skip C/2), got "
            + embedDim);
      }
      if (classes < 2 || pspChannels < 1) {
        throw new IllegalArgumentException("need >= 2 classes and a positive PSP width, got " + classes + ", "
            + pspChannels);
      }
    }

    /** The release's head for a backbone: 20 LIP classes, PSP width 512. */
    public static Spec release(SwinConfig arch) {
      return new Spec(arch.embedDim(), 20, RELEASE_PSP);
    }

    /** Channels of stage {@code i} (C·2^i). */
    public int stageChannels(int i) {
      return embedDim << i;
    }

    /** The edge branch's width (2C: 192 for Swin-T, 256 for Swin-B). */
    public int edgeChannels() {
      return 2 * embedDim;
    }

    /** The decoder's low-level skip width (C/2: 48 for Swin-T, 64 for Swin-B). */
    public int skipChannels() {
      return embedDim / 2;
    }

    /** The fusion's input: 256 + 3 edge maps (832 for Swin-T). */
    public int fusionInput() {
      return WIDTH + 3 * edgeChannels();
    }
  }

  /** The stage maps' sizes for an input of {@code height × width} (strides 4, 2, 2, 1 after the patch embedding). */
  public static Grid[] stageGrids(SwinConfig arch, int height, int width) {
    Grid[] g = new Grid[SwinConfig.NUM_STAGES];
    g[0] = PatchEmbedding.outputGrid(height, width, arch.patchSize());
    for (int s = 0; s + 1 < g.length; s++) {
      g[s + 1] = g[s].merged(arch.mergeStride(s));
    }
    return g;
  }

  /**
   * The head graph for stage maps of the given sizes, on {@code store} (parameters created there
   * with the release's initialisation when absent).
   */
  public static HeadGraph graph(Spec spec, Grid[] grids, ParameterStore store, boolean training) {
    HeadGraph.Builder b = HeadGraph.builder().training(training);
    for (int s = 0; s < FEATURES.size(); s++) {
      b.feature(FEATURES.get(s), spec.stageChannels(s), grids[s].h(), grids[s].w());
    }
    return b.build(store, ctx -> define(ctx, spec, grids));
  }

  /** Declares the head's layers and outputs on a head-graph context. */
  public static void define(HeadGraph.Context ctx, Spec spec, Grid[] g) {
    ParamFactory root = ctx.params();
    SDVariable context = psp(ctx, root.child("context_encoding"), ctx.feature("stage3"), spec, g[3]);
    SDVariable[] edge = edge(ctx, root.child("edge"), spec, g);
    SDVariable[] decoded = decoder(ctx, root.child("decoder"), context, ctx.feature("stage0"), spec, g);
    ctx.output(PARSING, decoded[0]);
    ctx.output(EDGE, edge[0]);
    SDVariable x = ctx.sd().concat(1, decoded[1], edge[1]);
    ParamFactory f = root.child("fushion");
    x = convBnRelu(ctx, f.child("0"), f.child("1"), x, spec.fusionInput(), WIDTH, 1);
    if (ctx.training()) {
      x = Dropout2d.apply(x, ctx.input(DROPOUT_MASK, -1, WIDTH), WIDTH);
    }
    ctx.output(FUSION, new Conv2d(f.child("4"), Conv2d.Spec.of(WIDTH, spec.classes(), 1)).apply(x));
  }

  /** PSPModule: pyramid pooling on stage 3, concatenated with it, then the 3×3 bottleneck. */
  private static SDVariable psp(HeadGraph.Context ctx, ParamFactory p, SDVariable x, Spec spec, Grid g) {
    SameDiff sd = ctx.sd();
    int in = spec.stageChannels(3);
    int out = spec.pspChannels();
    List<SDVariable> priors = new ArrayList<>();
    for (int i = 0; i < POOL_SIZES.length; i++) {
      int s = POOL_SIZES[i];
      ParamFactory stage = p.child("stages").child(Integer.toString(i));
      SDVariable y = AdaptiveAvgPool.apply(sd, x, in, g.h(), g.w(), s, s);
      y = new Conv2d(stage.child("1"), Conv2d.Spec.of(in, out, 1).withoutBias()).apply(y);
      y = Activations.relu(ctx.batchNorm(abn(stage, 2), out).apply(y, 4));
      priors.add(Interpolation.resizeBilinear(sd, y, out, s, s, g.h(), g.w(), true));
    }
    priors.add(x);
    ParamFactory b = p.child("bottleneck");
    SDVariable cat = sd.concat(1, priors.toArray(new SDVariable[0]));
    SDVariable y = new Conv2d(b.child("0"), Conv2d.Spec.of(in + POOL_SIZES.length * out, out, 3).withPadding(1)
        .withoutBias()).apply(cat);
    return Activations.relu(ctx.batchNorm(abn(b, 1), out).apply(y, 4));
  }

  /** Decoder_Module: returns {parsing logits, parsing_fea}. */
  private static SDVariable[] decoder(HeadGraph.Context ctx, ParamFactory p, SDVariable context,
      SDVariable low, Spec spec, Grid[] g) {
    ParamFactory c1 = p.child("conv1");
    SDVariable xt = convBnRelu(ctx, c1.child("0"), abn(c1, 1), context, spec.pspChannels(), WIDTH, 1);
    xt = Interpolation.resizeBilinear(ctx.sd(), xt, WIDTH, g[3].h(), g[3].w(), g[0].h(), g[0].w(), true);
    ParamFactory c2 = p.child("conv2");
    SDVariable xl = convBnRelu(ctx, c2.child("0"), abn(c2, 1), low, spec.stageChannels(0), spec.skipChannels(), 1);
    SDVariable x = ctx.sd().concat(1, xt, xl);
    ParamFactory c3 = p.child("conv3");
    x = convBnRelu(ctx, c3.child("0"), abn(c3, 1), x, WIDTH + spec.skipChannels(), WIDTH, 1);
    x = convBnRelu(ctx, c3.child("2"), abn(c3, 3), x, WIDTH, WIDTH, 1);
    SDVariable seg = new Conv2d(p.child("conv4"), Conv2d.Spec.of(WIDTH, spec.classes(), 1)).apply(x);
    return new SDVariable[] {seg, x};
  }

  /** Edge_Module on stages 0–2: returns {edge logits, edge_fea}. */
  private static SDVariable[] edge(HeadGraph.Context ctx, ParamFactory p, Spec spec, Grid[] g) {
    SameDiff sd = ctx.sd();
    int mid = spec.edgeChannels();
    SDVariable[] maps = new SDVariable[3];
    for (int i = 0; i < 3; i++) {
      ParamFactory conv = p.child("conv" + (i + 1));
      maps[i] = convBnRelu(ctx, conv.child("0"), abn(conv, 1), ctx.feature(FEATURES.get(i)), spec.stageChannels(i),
          mid, 1);
    }
    Conv2d shared = new Conv2d(p.child("conv4"), Conv2d.Spec.of(mid, 2, 3).withPadding(1));
    SDVariable[] logits = new SDVariable[3];
    for (int i = 0; i < 3; i++) {
      logits[i] = shared.apply(maps[i]);
      if (i > 0) {
        maps[i] = Interpolation.resizeBilinear(sd, maps[i], mid, g[i].h(), g[i].w(), g[0].h(), g[0].w(), true);
        logits[i] = Interpolation.resizeBilinear(sd, logits[i], 2, g[i].h(), g[i].w(), g[0].h(), g[0].w(), true);
      }
    }
    SDVariable edge = new Conv2d(p.child("conv5"), Conv2d.Spec.of(6, 2, 1)).apply(sd.concat(1, logits));
    return new SDVariable[] {edge, sd.concat(1, maps)};
  }

  /**
   * Conv (no bias) → BatchNorm → ReLU at {@code conv} and {@code bn}; the release's
   * {@code nn.Sequential(Conv2d(..., bias=False), InPlaceABNSync(out))} puts the batch norm at
   * {@code 1.0} of the sequence ({@link #abn}), the fusion's plain sequence at {@code 1}.
   */
  private static SDVariable convBnRelu(HeadGraph.Context ctx, ParamFactory conv, ParamFactory bn, SDVariable x,
      int in, int out, int kernel) {
    SDVariable y = new Conv2d(conv, Conv2d.Spec.of(in, out, kernel).withoutBias()).apply(x);
    return Activations.relu(ctx.batchNorm(bn, out).apply(y, 4));
  }

  /** The batch norm of an {@code InPlaceABNSync} at position {@code i} of a sequence: {@code i.0}. */
  private static ParamFactory abn(ParamFactory seq, int i) {
    return seq.child(Integer.toString(i)).child("0");
  }
}
