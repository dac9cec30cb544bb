package io.solider.tasks.search.head;

import io.solider.nn.blocks.Conv2d;
import io.solider.nn.blocks.ParamFactory;
import io.solider.nn.blocks.ParameterStore;
import io.solider.nn.head.HeadGraph;
import io.solider.nn.ops.Activations;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * torchvision's {@code RPNHead} on the trunk's {@code feat_res4} map (B, C, h, w): a 3×3
 * convolution C → C (padding 1) and ReLU, then 1×1 convolutions to A objectness logits and 4·A box
 * deltas per cell, every weight N(0, 0.01²) and bias 0 as torchvision initialises them. Keys as
 * torchvision 0.8.2 names them: {@code rpn.head.conv.*}, {@code rpn.head.cls_logits.*},
 * {@code rpn.head.bbox_pred.*} (0.14 nests the first as {@code conv.0.0}; {@code SearchModel}
 * reads both).
 *
 * <p>The outputs are laid out as torchvision's {@code concat_box_prediction_layers} flattens them:
 * {@value #OBJECTNESS} (B, h, w, A) and {@value #DELTAS} (B, h, w, 4·A), so that per image the
 * anchor index is (y·w + x)·A + a, the order of {@link AnchorGenerator#anchors}, and the deltas of
 * anchor a are its four consecutive values.
 */
public final class RpnHead {

  /** Key prefix of the head's parameters. */
  public static final String PREFIX = "rpn.head";
  /** The feature input. */
  public static final String FEATURE = "feat_res4";
  /** Objectness logits output, (B, h, w, A). */
  public static final String OBJECTNESS = "objectness";
  /** Box deltas output, (B, h, w, 4·A). */
  public static final String DELTAS = "deltas";

  private static final double STD = 0.01;

  private RpnHead() {}

  /**
   * The head's graph on a (C, h, w) map.
   *
   * @param anchors anchors per location (15)
   * @param training whether gradients will be asked for (the head has no batch norm: both modes compute the same)
   */
  public static HeadGraph graph(ParameterStore store, int channels, int height, int width, int anchors,
      boolean training) {
    return HeadGraph.builder().feature(FEATURE, channels, height, width).training(training)
        .build(store, ctx -> define(ctx.params().child("rpn").child("head"), ctx.feature(FEATURE), channels, anchors,
            ctx));
  }

  private static void define(ParamFactory p, SDVariable x, int channels, int anchors, HeadGraph.Context ctx) {
    SDVariable t = Activations.relu(new Conv2d(p.child("conv"),
        Conv2d.Spec.of(channels, channels, 3).withPadding(1).withNormalInit(STD, 0)).apply(x));
    SDVariable logits = new Conv2d(p.child("cls_logits"), Conv2d.Spec.of(channels, anchors, 1).withNormalInit(STD, 0))
        .apply(t);
    SDVariable deltas = new Conv2d(p.child("bbox_pred"), Conv2d.Spec.of(channels, 4 * anchors, 1)
        .withNormalInit(STD, 0)).apply(t);
    ctx.output(OBJECTNESS, logits.permute(0, 2, 3, 1));
    ctx.output(DELTAS, deltas.permute(0, 2, 3, 1));
  }
}
