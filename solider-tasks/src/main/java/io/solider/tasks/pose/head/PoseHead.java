package io.solider.tasks.pose.head;

import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.blocks.Conv2d;
import io.solider.nn.blocks.ConvTranspose2d;
import io.solider.nn.blocks.Grid;
import io.solider.nn.blocks.ParamFactory;
import io.solider.nn.blocks.ParameterStore;
import io.solider.nn.blocks.PatchEmbedding;
import io.solider.nn.head.HeadGraph;
import io.solider.nn.ops.Activations;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * mmpose's {@code TopdownHeatmapSimpleHead} as the SOLIDER pose configs build it
 * ({@code num_deconv_layers=1}, {@code num_deconv_kernels=(4,)}, {@code num_deconv_filters=(256,)},
 * {@code final_conv_kernel=1}, {@code in_index=3}), on the backbone's stage-3 map:
 * <pre>
 *   x (B, C, h, w) → ConvTranspose2d(C → 256, k4, s2, p1, no bias) → BatchNorm2d(256) → ReLU
 *                  → Conv2d(256 → 17, 1×1) = heatmaps (B, 17, 2h, 2w)
 * </pre>
 * Keys as the release's model: {@code keypoint_head.deconv_layers.0.weight},
 * {@code keypoint_head.deconv_layers.1.{weight, bias, running_mean, running_var, num_batches_tracked}},
 * {@code keypoint_head.final_layer.{weight, bias}}. Initialisation as its {@code init_weights}:
 * deconvolution N(0, 0.001²); batch norm γ 1, β 0; final convolution N(0, 0.001²), bias 0. The
 * config's {@code SyncBN} is never used by this head: it is a plain {@code nn.BatchNorm2d}.
 */
public final class PoseHead {

  /** Prefix of the head's keys in the release's model. */
  public static final String PREFIX = "keypoint_head.";
  /** The feature input: the backbone's stage-3 map. */
  public static final String FEATURE = "stage3";
  /** The output: one heatmap per joint. */
  public static final String HEATMAPS = "heatmaps";
  /** Which backbone stage feeds the head ({@code in_index 3}). */
  public static final int STAGE = 3;
  /** Deconvolution filters ({@code num_deconv_filters}). */
  public static final int FILTERS = 256;
  /** Standard deviation of the convolutions' normal initialisation. */
  public static final double INIT_STD = 0.001;
  /** Keypoints of the COCO head. */
  public static final int JOINTS = 17;

  private PoseHead() {}

  /**
   * The shapes a head graph is built for.
   *
   * @param channels stage-3 channels C (768 for Swin-T)
   * @param featureHeight stage-3 map height h
   * @param featureWidth stage-3 map width w
   */
  public record Shape(int channels, int featureHeight, int featureWidth) {

    public Shape {
      if (channels < 1 || featureHeight < 1 || featureWidth < 1) {
        throw new IllegalArgumentException("head input must be positive, got " + channels + "×" + featureHeight + "×"
            + featureWidth);
      }
    }

    /** The head for {@code arch}'s stage-3 map of an {@code height × width} input (padding and strides as the backbone's). */
    public static Shape of(SwinConfig arch, int height, int width) {
      Grid g = PatchEmbedding.outputGrid(height, width, arch.patchSize());
      for (int s = 0; s < STAGE; s++) {
        g = g.merged(arch.mergeStride(s));
      }
      return new Shape(arch.channels(STAGE), g.h(), g.w());
    }

    public int heatmapHeight() {
      return deconv(channels).outputSize(featureHeight);
    }

    public int heatmapWidth() {
      return deconv(channels).outputSize(featureWidth);
    }
  }

  /** A head graph for {@code shape} on {@code store} (training mode: batch statistics, reported for commit). */
  public static HeadGraph graph(ParameterStore store, Shape shape, boolean training) {
    return HeadGraph.builder().feature(FEATURE, shape.channels(), shape.featureHeight(), shape.featureWidth())
        .training(training).build(store, ctx -> ctx.output(HEATMAPS, apply(ctx, shape.channels())));
  }

  /** The layers on the context's stage-3 feature. */
  static SDVariable apply(HeadGraph.Context ctx, int channels) {
    ParamFactory head = ctx.params().child(PREFIX.substring(0, PREFIX.length() - 1));
    ParamFactory layers = head.child("deconv_layers");
    SDVariable x = new ConvTranspose2d(layers.child("0"), deconv(channels)).apply(ctx.feature(FEATURE));
    x = Activations.relu(ctx.batchNorm(layers.child("1"), FILTERS).apply(x, 4));
    return new Conv2d(head.child("final_layer"), Conv2d.Spec.of(FILTERS, JOINTS, 1).withNormalInit(INIT_STD, 0))
        .apply(x);
  }

  private static ConvTranspose2d.Spec deconv(int channels) {
    return ConvTranspose2d.Spec.of(channels, FILTERS, 4, 2, 1).withoutBias().withNormalInit(INIT_STD, 0);
  }
}
