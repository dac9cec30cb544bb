package io.solider.tasks.search.head;

import io.solider.nn.blocks.Linear;
import io.solider.nn.blocks.ParamFactory;
import io.solider.nn.blocks.ParamInit;
import io.solider.nn.blocks.ParameterStore;
import io.solider.nn.head.HeadGraph;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * SeqNet's layers after the two RoI heads, as head graphs on pooled RoI features (keys under
 * {@code roi_heads.}):
 * <ul>
 *   <li>{@link #predictor}: the first stage's {@code FastRCNNPredictor} on the box head's
 *       {@code feat_res5} (N, 8C): {@code cls_score} Linear(8C → 2) and {@code bbox_pred}
 *       Linear(8C → 8), torch's default initialisation (uniform ±1/√fan_in);</li>
 *   <li>{@link #boxAndEmbedding}: the second stage on the re-id head's features: the
 *       {@code BBoxRegressor} ({@code box_predictor.bbox_pred} = Linear(8C → 8) + BatchNorm1d(8))
 *       on {@code feat_res5}, and the norm-aware embedding's projections
 *       ({@code embedding_head.projectors.feat_res4} = Linear(4C → 128) + BatchNorm1d(128), the
 *       same for {@code feat_res5} from 8C), concatenated into the raw 256-d embedding; Linear
 *       weights and BN γ N(0, 0.01²), biases 0, as SeqNet initialises them. Normalising the raw
 *       embedding and rescaling its norm (the person logit) is {@link NormAwareEmbedding}'s job.</li>
 * </ul>
 */
public final class RoiHeadGraphs {

  /** Key prefix of the RoI heads. */
  public static final String PREFIX = "roi_heads";
  /** Input: pooled stage-3 features (N, 8C). */
  public static final String FEAT_RES5 = "feat_res5";
  /** Input: pooled RoI features of the trunk map (N, 4C). */
  public static final String FEAT_RES4 = "feat_res4";
  /** First-stage class logits (N, 2): background, person. */
  public static final String CLASS_LOGITS = "class_logits";
  /** First-stage box deltas (N, 8): per class (dx, dy, dw, dh). */
  public static final String PROPOSAL_DELTAS = "proposal_deltas";
  /** Second-stage box deltas (N, 8). */
  public static final String BOX_DELTAS = "box_deltas";
  /** Raw (unnormalised) embeddings (N, 256). */
  public static final String EMBEDDING = "embedding";

  private static final double STD = 0.01;
  private static final ParamInit NORMAL = ParamInit.normal(STD);

  private RoiHeadGraphs() {}

  /** The Faster R-CNN predictor on {@code feat_res5} of {@code res5Channels} (8C). */
  public static HeadGraph predictor(ParameterStore store, int res5Channels, boolean training) {
    return HeadGraph.builder().feature(FEAT_RES5, res5Channels).training(training).build(store, ctx -> {
      ParamFactory p = ctx.params().child(PREFIX).child("faster_rcnn_predictor");
      ParamInit init = ParamInit.convDefault(res5Channels);
      SDVariable x = ctx.feature(FEAT_RES5);
      ctx.output(CLASS_LOGITS, new Linear(p.child("cls_score"), res5Channels, 2, true, init, init).apply(x));
      ctx.output(PROPOSAL_DELTAS, new Linear(p.child("bbox_pred"), res5Channels, 8, true, init, init).apply(x));
    });
  }

  /** The box regressor and the embedding projections on the re-id head's features. */
  public static HeadGraph boxAndEmbedding(ParameterStore store, int res4Channels, int res5Channels, int embeddingDim,
      boolean training) {
    return HeadGraph.builder().feature(FEAT_RES4, res4Channels).feature(FEAT_RES5, res5Channels).training(training)
        .build(store, ctx -> {
          ParamFactory roi = ctx.params().child(PREFIX);
          SDVariable res4 = ctx.feature(FEAT_RES4);
          SDVariable res5 = ctx.feature(FEAT_RES5);
          ParamFactory box = roi.child("box_predictor").child("bbox_pred");
          ctx.output(BOX_DELTAS, linearBn(ctx, box, res5, res5Channels, 8));
          ParamFactory proj = roi.child("embedding_head").child("projectors");
          int half = embeddingDim / 2;
          SDVariable e4 = linearBn(ctx, proj.child(FEAT_RES4), res4, res4Channels, half);
          SDVariable e5 = linearBn(ctx, proj.child(FEAT_RES5), res5, res5Channels, embeddingDim - half);
          ctx.output(EMBEDDING, ctx.sd().concat(1, e4, e5));
        });
  }

  /** {@code nn.Sequential(Linear(in, out), BatchNorm1d(out))} as SeqNet initialises it (keys {@code .0}, {@code .1}). */
  private static SDVariable linearBn(HeadGraph.Context ctx, ParamFactory p, SDVariable x, int in, int out) {
    SDVariable y = new Linear(p.child("0"), in, out, true, NORMAL, ParamInit.ZEROS).apply(x);
    return ctx.batchNorm(p.child("1"), out, io.solider.nn.blocks.BatchNorm.EPS, NORMAL).apply(y, 2);
  }
}
