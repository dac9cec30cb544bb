package io.solider.tasks.detection.head;

import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.blocks.Conv2d;
import io.solider.nn.blocks.ConvTranspose2d;
import io.solider.nn.blocks.GroupNorm;
import io.solider.nn.blocks.L2Norm;
import io.solider.nn.blocks.ParamFactory;
import io.solider.nn.blocks.ParameterStore;
import io.solider.nn.blocks.Scale;
import io.solider.nn.head.HeadGraph;
import io.solider.nn.ops.Activations;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The release's CSP neck and head ({@code CSPNeck} in {@code csp_neck.py}, {@code CSPHead} with
 * {@code stacked_convs=1}, {@code predict_width=True} in {@code csp_head.py}) as a {@link HeadGraph}
 * on the backbone's stage 1, 2 and 3 maps (strides 8, 16, 16 with the detection strides 4, 2, 2, 1):
 *
 * <ul>
 *   <li>neck: {@code p3} ConvTranspose2d(C1→N, k4 s2 p1), {@code p4} and {@code p5}
 *       ConvTranspose2d(C2/C3→N, k4 s4), all with bias and torch's default init, each to stride 4;
 *       each through an {@code L2Norm} (γ initialised to 10); concatenated → 3N channels;
 *   <li>head: three branches {@code {cls,reg,offset}_convs.0}: Conv3×3(3N→F, no bias) → GroupNorm(32)
 *       → ReLU; then {@code csp_cls} Conv3×3(F→1) with bias −log 99 (prior 0.01), {@code csp_reg}
 *       Conv3×3(F→2) × {@code reg_scales.0} and {@code csp_offset} Conv3×3(F→2) ×
 *       {@code offset_scales.0}; every head convolution N(0, 0.01), other biases 0.
 * </ul>
 *
 * Outputs {@value #CENTER} (B, 1, H/4, W/4) logits, {@value #SCALE} (B, 2, H/4, W/4) log height and
 * log width in cells, {@value #OFFSET} (B, 2, H/4, W/4) dy, dx. Keys are the release model's
 * ({@code neck.*}, {@code bbox_head.*}).
 */
public final class CspHead {

  /** Prefix of the neck's keys. */
  public static final String NECK = "neck";
  /** Prefix of the head's keys. */
  public static final String BBOX_HEAD = "bbox_head";
  /** Output: centre logits. */
  public static final String CENTER = "center";
  /** Output: log height, log width. */
  public static final String SCALE = "scale";
  /** Output: offsets dy, dx. */
  public static final String OFFSET = "offset";
  /** Output stride of the maps. */
  public static final int STRIDE = 4;
  /** Stride of stage 1 and stages 2–3 with the detection strides (4, 2, 2, 1). */
  private static final int[] FEATURE_STRIDES = {8, 16, 16};
  private static final String[] BRANCHES = {"cls", "reg", "offset"};

  private CspHead() {}

  /**
   * The widths of the neck and head.
   *
   * @param stageChannels channels of backbone stages 1, 2, 3 (the neck's {@code in_channels})
   * @param neckChannels channels of each transposed convolution (the release: 256)
   * @param headChannels channels of each branch's 3×3 convolution ({@code feat_channels} 256)
   * @param groups group-norm groups (32)
   */
  public record Spec(List<Integer> stageChannels, int neckChannels, int headChannels, int groups) {

    public Spec {
      stageChannels = List.copyOf(stageChannels);
      if (stageChannels.size() != 3 || stageChannels.stream().anyMatch(c -> c < 1)) {
        throw new IllegalArgumentException("the CSP neck takes three positive stage widths, got " + stageChannels);
      }
      if (neckChannels < 1 || groups < 1 || headChannels < 1 || headChannels % groups != 0) {
        throw new IllegalArgumentException("neck and head widths must be positive and the head width a multiple of the "
            + groups + " group-norm groups, got neck " + neckChannels + ", head " + headChannels);
      }
    }

    /** The release's widths (256, 256, 32 groups) on a backbone's stages 1–3. */
    public static Spec release(SwinConfig arch) {
      return new Spec(List.of(arch.channels(1), arch.channels(2), arch.channels(3)), 256, 256, 32);
    }

    /** Other neck and head widths on the same backbone (a smaller model for CPU runs). */
    public Spec withWidths(int neck, int head) {
      return new Spec(stageChannels, neck, head, groups);
    }

    /** The head's input channels: the three neck maps concatenated. */
    public int concatChannels() {
      return 3 * neckChannels;
    }
  }

  /**
   * A head graph for images of {@code height × width} (multiples of 16).
   *
   * @param training whether the graph will be differentiated (the head has no batch norm, so both
   *     modes compute the same)
   */
  public static HeadGraph graph(ParameterStore store, Spec spec, int height, int width, boolean training) {
    checkSize(height, width);
    HeadGraph.Builder b = HeadGraph.builder().training(training);
    for (int i = 0; i < 3; i++) {
      b.feature(feature(i + 1), spec.stageChannels().get(i), height / FEATURE_STRIDES[i], width / FEATURE_STRIDES[i]);
    }
    int h = height / STRIDE;
    int w = width / STRIDE;
    return b.build(store, ctx -> define(ctx, spec, h, w));
  }

  /** The feature name of backbone stage {@code stage} (1–3). */
  public static String feature(int stage) {
    return "stage" + stage;
  }

  /**
   * Refuses sizes the neck cannot concatenate: the stage maps of a multiple of 16 are exactly
   * 1/8 and 1/16 of it, so the three upsampled maps all have a quarter of the size.
   */
  public static void checkSize(int height, int width) {
    if (height < 16 || width < 16 || height % 16 != 0 || width % 16 != 0) {
      throw new IllegalArgumentException("the CSP model takes images whose sides are multiples of 16 (pad them), got "
          + height + "x" + width);
    }
  }

  private static void define(HeadGraph.Context ctx, Spec s, int h, int w) {
    ParamFactory neck = ctx.params().child(NECK);
    int n = s.neckChannels();
    List<Integer> in = s.stageChannels();
    SDVariable p3 = new ConvTranspose2d(neck.child("p3"), ConvTranspose2d.Spec.of(in.get(0), n, 4, 2, 1))
        .apply(ctx.feature(feature(1)));
    SDVariable p4 = new ConvTranspose2d(neck.child("p4"), ConvTranspose2d.Spec.of(in.get(1), n, 4, 4, 0))
        .apply(ctx.feature(feature(2)));
    SDVariable p5 = new ConvTranspose2d(neck.child("p5"), ConvTranspose2d.Spec.of(in.get(2), n, 4, 4, 0))
        .apply(ctx.feature(feature(3)));
    SDVariable cat = ctx.sd().concat(1, new L2Norm(neck.child("p3_l2"), n, 10).apply(p3),
        new L2Norm(neck.child("p4_l2"), n, 10).apply(p4), new L2Norm(neck.child("p5_l2"), n, 10).apply(p5));

    ParamFactory head = ctx.params().child(BBOX_HEAD);
    int f = s.headChannels();
    SDVariable cls = branch(head.child("cls_convs").child("0"), cat, s, h, w);
    SDVariable reg = branch(head.child("reg_convs").child("0"), cat, s, h, w);
    SDVariable off = branch(head.child("offset_convs").child("0"), cat, s, h, w);
    ctx.output(CENTER, new Conv2d(head.child("csp_cls"), conv3(f, 1).withNormalInit(0.01, -Math.log(99))).apply(cls));
    SDVariable scale = new Conv2d(head.child("csp_reg"), conv3(f, 2).withNormalInit(0.01, 0)).apply(reg);
    ctx.output(SCALE, new Scale(head.child("reg_scales").child("0"), 1.0).apply(scale));
    SDVariable offset = new Conv2d(head.child("csp_offset"), conv3(f, 2).withNormalInit(0.01, 0)).apply(off);
    ctx.output(OFFSET, new Scale(head.child("offset_scales").child("0"), 1.0).apply(offset));
  }

  /** mmdet's {@code ConvModule}: conv (no bias, N(0, 0.01)) → GroupNorm → ReLU. */
  private static SDVariable branch(ParamFactory p, SDVariable x, Spec s, int h, int w) {
    SDVariable y = new Conv2d(p.child("conv"), conv3(s.concatChannels(), s.headChannels()).withoutBias()
        .withNormalInit(0.01, 0)).apply(x);
    return Activations.relu(new GroupNorm(p.child("gn"), s.groups(), s.headChannels(), 1e-5).apply(y, h, w));
  }

  private static Conv2d.Spec conv3(int in, int out) {
    return Conv2d.Spec.of(in, out, 3).withPadding(1);
  }

  /** The neck's and head's keys in the release model's {@code state_dict()} order. */
  public static List<String> keys() {
    List<String> k = new ArrayList<>();
    for (String p : List.of("p3", "p4", "p5")) {
      k.add(NECK + "." + p + ".weight");
      k.add(NECK + "." + p + ".bias");
    }
    for (String p : List.of("p3_l2", "p4_l2", "p5_l2")) {
      k.add(NECK + "." + p + ".weight");
    }
    for (String b : BRANCHES) {
      String m = BBOX_HEAD + "." + b + "_convs.0.";
      k.add(m + "conv.weight");
      k.add(m + "gn.weight");
      k.add(m + "gn.bias");
    }
    for (String c : List.of("csp_cls", "csp_reg", "csp_offset")) {
      k.add(BBOX_HEAD + "." + c + ".weight");
      k.add(BBOX_HEAD + "." + c + ".bias");
    }
    k.add(BBOX_HEAD + ".reg_scales.0.scale");
    k.add(BBOX_HEAD + ".offset_scales.0.scale");
    return List.copyOf(k);
  }
}
