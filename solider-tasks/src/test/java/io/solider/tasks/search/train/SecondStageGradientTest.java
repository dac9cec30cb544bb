package io.solider.tasks.search.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.nn.backbone.RandomParameters;
import io.solider.nn.blocks.ParameterStore;
import io.solider.nn.head.HeadGradients;
import io.solider.nn.head.HeadGraph;
import io.solider.tasks.search.head.NormAwareEmbedding;
import io.solider.tasks.search.head.RoiHeadGraphs;
import io.solider.tasks.search.loss.OimLoss;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second stage chained as {@link SearchStep} chains it (embedding projections in training mode
 * → norm-aware embedding → OIM and a person-logit term) against central finite differences of the
 * same forward pass. Each piece is checked against PyTorch elsewhere; this checks the chaining,
 * in particular the gradient reaching the projectors' BatchNorm shifts, which end training
 * dominating every embedding on the synthetic set (docs/SEARCH.md).
 */
class SecondStageGradientTest {

  private static final Logger log = LoggerFactory.getLogger(SecondStageGradientTest.class);

  private static final int N = 6;
  private static final int C4 = 6;
  private static final int C5 = 8;
  private static final int DIM = 8;
  private static final int[] PIDS = {1, 2, 0, 5555, 3, 0};
  private static final float[] LOGIT_WEIGHTS = {0.7f, -0.4f, 0.3f, 0.9f, -0.2f, 0.5f};

  @Test
  void projectorGradientsMatchFiniteDifferences() {
    ParameterStore store = ParameterStore.initialized(new RandomParameters(3));
    HeadGraph graph = RoiHeadGraphs.boxAndEmbedding(store, C4, C5, DIM, true);
    Random rnd = new Random(4);
    // Weights and γ of order one (SeqNet draws N(0, 0.01²)) so that every term is well above float32 noise.
    for (String k : graph.parameters().keySet()) {
      if (k.contains("projectors") && (k.endsWith(".1.weight") || k.endsWith(".0.weight"))) {
        assignRandom(store.array(k), rnd, 1.0);
      }
      if (k.contains("projectors") && k.endsWith(".1.bias")) {
        assignRandom(store.array(k), rnd, 0.5);
      }
    }
    Map<String, INDArray> feats = Map.of(RoiHeadGraphs.FEAT_RES4, features(rnd, C4), RoiHeadGraphs.FEAT_RES5,
        features(rnd, C5));
    OimLoss oim = new OimLoss(DIM, 4, 3, 0.5, 30.0);
    oim.restore(unitRows(rnd, 4), unitRows(rnd, 3), 0);

    Map<String, INDArray> out = graph.forward(feats, Map.of());
    float[] raw = out.get(RoiHeadGraphs.EMBEDDING).castTo(DataType.FLOAT).data().asFloat();
    NormAwareEmbedding nae = new NormAwareEmbedding(DIM);
    NormAwareEmbedding.Forward f = nae.forward(raw, N, true);
    OimLoss.Result r = oim.compute(f.embeddings(), PIDS);
    NormAwareEmbedding.Backward b = nae.backward(raw, f, r.gradInputs(), LOGIT_WEIGHTS);
    HeadGradients g = graph.backward(feats, Map.of(), Map.of(
        RoiHeadGraphs.BOX_DELTAS, Nd4j.zeros(DataType.FLOAT, N, 8),
        RoiHeadGraphs.EMBEDDING, Nd4j.create(b.input(), new long[] {N, DIM}, 'c')));

    double worst = 0;
    double largest = 0;
    int checked = 0;
    for (String k : List.of("roi_heads.embedding_head.projectors.feat_res4.1.bias",
        "roi_heads.embedding_head.projectors.feat_res5.1.bias", "roi_heads.embedding_head.projectors.feat_res5.1.weight",
        "roi_heads.embedding_head.projectors.feat_res4.0.weight")) {
      INDArray p = store.array(k);
      float[] analytic = g.parameters().get(k).castTo(DataType.FLOAT).data().asFloat();
      for (int i = 0; i < Math.min(4, p.length()); i++) {
        double numeric = numericDerivative(graph, feats, oim, p, i);
        largest = Math.max(largest, Math.abs(numeric));
        worst = Math.max(worst, Math.abs(numeric - analytic[i]) / Math.max(1, Math.abs(numeric)));
        checked++;
      }
    }
    log.info("second stage: {} parameter gradients up to {}, worst error {} against finite differences", checked,
        largest, worst);
    // Measured: 9.6e-5 (float32 forward, step 1e-2, logits scaled by 30); gradients up to order one.
    assertThat(checked).isEqualTo(16);
    assertThat(largest).isGreaterThan(0.05);
    assertThat(worst).isLessThan(1e-3);
  }

  private static double numericDerivative(HeadGraph graph, Map<String, INDArray> feats, OimLoss oim, INDArray p, int i) {
    double h = 1e-2;
    double v = p.getDouble(i);
    p.putScalar(i, v + h);
    double plus = loss(graph, feats, oim);
    p.putScalar(i, v - h);
    double minus = loss(graph, feats, oim);
    p.putScalar(i, v);
    return (plus - minus) / (2 * h);
  }

  private static double loss(HeadGraph graph, Map<String, INDArray> feats, OimLoss oim) {
    float[] raw = graph.forward(feats, Map.of()).get(RoiHeadGraphs.EMBEDDING).castTo(DataType.FLOAT).data().asFloat();
    NormAwareEmbedding.Forward f = new NormAwareEmbedding(DIM).forward(raw, N, true);
    double l = oim.compute(f.embeddings(), PIDS).loss();
    for (int i = 0; i < N; i++) {
      l += LOGIT_WEIGHTS[i] * f.logits()[i];
    }
    return l;
  }

  private static void assignRandom(INDArray p, Random rnd, double std) {
    p.assign(Nd4j.createFromArray(randn(rnd, (int) p.length(), std)).reshape(p.shape()).castTo(p.dataType()));
  }

  private static INDArray features(Random rnd, int c) {
    return Nd4j.create(randn(rnd, N * c, 1.0), new long[] {N, c}, 'c');
  }

  private static float[] randn(Random rnd, int n, double std) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (rnd.nextGaussian() * std);
    }
    return v;
  }

  private static float[] unitRows(Random rnd, int rows) {
    float[] v = randn(rnd, rows * DIM, 1.0);
    for (int r = 0; r < rows; r++) {
      double s = 0;
      for (int k = 0; k < DIM; k++) {
        s += v[r * DIM + k] * v[r * DIM + k];
      }
      for (int k = 0; k < DIM; k++) {
        v[r * DIM + k] /= (float) Math.sqrt(s);
      }
    }
    return v;
  }
}
