package io.solider.tasks.reid.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.reid.Reference;
import org.junit.jupiter.api.Test;

/** Both losses against hand-computed values and PyTorch (TransReID's loss code, make_train_reference.py). */
class LossesTest {

  @Test
  void crossEntropyWithoutSmoothingMatchesHandAndTorch() {
    JsonNode r = Reference.get("ce");
    float[] logits = Reference.floats(r.get("logits"));
    int[] labels = Reference.ints(r.get("labels"));
    CrossEntropyLoss.Result res = CrossEntropyLoss.compute(logits, 4, 5, labels, 0);
    // Hand, row 0: −log(e^2 / (e^2 + e^1 + e^0.1 + e^−1 + e^0.5))
    double row0 = -Math.log(Math.exp(2) / (Math.exp(2) + Math.exp(1) + Math.exp(0.1) + Math.exp(-1) + Math.exp(0.5)));
    CrossEntropyLoss.Result first = CrossEntropyLoss.compute(java.util.Arrays.copyOf(logits, 5), 1, 5, new int[] {0}, 0);
    assertThat(first.loss()).isCloseTo(row0, offset(1e-6));
    assertThat(res.loss()).isCloseTo(r.get("loss").asDouble(), offset(1e-6));
    assertClose(res.gradLogits(), Reference.floats(r.get("grad")), 1e-6);
    // argmax per row: 0, 2, 4, 1 vs labels 0, 2, 1, 3 → 2 of 4
    assertThat(res.accuracy()).isEqualTo(0.5);
  }

  @Test
  void crossEntropyWithLabelSmoothingMatchesTransReidCrossEntropyLabelSmooth() {
    JsonNode r = Reference.get("ce");
    float[] logits = Reference.floats(r.get("logits"));
    int[] labels = Reference.ints(r.get("labels"));
    CrossEntropyLoss.Result res = CrossEntropyLoss.compute(logits, 4, 5, labels, 0.1);
    assertThat(res.loss()).isCloseTo(r.get("loss_smooth").asDouble(), offset(1e-6));
    assertClose(res.gradLogits(), Reference.floats(r.get("grad_smooth")), 1e-6);
    // Hand, one row of equal logits: every class has log p = −log 5 whatever the target
    CrossEntropyLoss.Result flat = CrossEntropyLoss.compute(new float[5], 1, 5, new int[] {3}, 0.1);
    assertThat(flat.loss()).isCloseTo(Math.log(5), offset(1e-9));
  }

  @Test
  void batchHardSoftMarginTripletMatchesHandAndTorch() {
    JsonNode r = Reference.get("triplet");
    float[] f = Reference.floats(r.get("features"));
    int[] labels = Reference.ints(r.get("labels"));
    BatchHardTripletLoss.Result res = BatchHardTripletLoss.compute(f, 4, 3, labels);
    // Hand: x = (1,0,0), (0,2,0) [id 0]; (1,1,0), (0,0,3) [id 1].
    // hardest positive: √5, √5, √11, √11; hardest negative: 1 (0↔2), √2 (1↔2), 1 (2↔0), √10 (3↔0)
    double[] ap = {Math.sqrt(5), Math.sqrt(5), Math.sqrt(11), Math.sqrt(11)};
    double[] an = {1, Math.sqrt(2), 1, Math.sqrt(10)};
    double hand = 0;
    for (int i = 0; i < 4; i++) {
      hand += Math.log1p(Math.exp(ap[i] - an[i]));
    }
    hand /= 4;
    assertThat(res.loss()).isCloseTo(hand, offset(1e-6));
    assertThat(res.loss()).isCloseTo(r.get("loss").asDouble(), offset(1e-6));
    assertThat(res.meanPositive()).isCloseTo((ap[0] + ap[1] + ap[2] + ap[3]) / 4, offset(1e-6));
    assertThat(res.meanNegative()).isCloseTo((an[0] + an[1] + an[2] + an[3]) / 4, offset(1e-6));
    assertClose(res.gradFeatures(), Reference.floats(r.get("grad")), 1e-6);
  }

  @Test
  void tripletGradientMatchesFiniteDifferences() {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
    int b = 6;
    int d = 4;
    float[] f = new float[b * d];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) rng.nextGaussian();
    }
    int[] labels = {0, 0, 1, 1, 2, 2};
    float[] g = BatchHardTripletLoss.compute(f, b, d, labels).gradFeatures();
    for (int i = 0; i < f.length; i++) {
      float[] p = f.clone();
      float[] m = f.clone();
      p[i] += 1e-3f;
      m[i] -= 1e-3f;
      double fd = (BatchHardTripletLoss.compute(p, b, d, labels).loss() - BatchHardTripletLoss.compute(m, b, d, labels)
          .loss()) / 2e-3;
      assertThat((double) g[i]).as("d loss / d x[%d]", i).isCloseTo(fd, offset(2e-3));
    }
  }

  @Test
  void badInputsAreNamed() {
    assertThatThrownBy(() -> BatchHardTripletLoss.compute(new float[4], 2, 2, new int[] {1, 1}))
        .hasMessageContaining("no negative");
    assertThatThrownBy(() -> CrossEntropyLoss.compute(new float[4], 2, 2, new int[] {0, 2}, 0))
        .hasMessageContaining("label 2 of row 1");
  }

  static void assertClose(float[] actual, float[] expected, double tol) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i], offset(tol));
    }
  }
}
