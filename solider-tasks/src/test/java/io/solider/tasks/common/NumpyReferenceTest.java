package io.solider.tasks.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link NumpyOrder} against NumPy 1.24 ({@code search/eval/numpy_order.json}, made by
 * make_numpy_order_reference.py): argsort of tie-heavy float32 arrays, NaNs, and adversarial inputs
 * that push NumPy's introsort into its heapsort fallback; sums across the pairwise and buffer sizes.
 * Both exact.
 */
class NumpyReferenceTest {

  static JsonNode ref;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = NumpyReferenceTest.class.getResourceAsStream("/search/eval/numpy_order.json")) {
      ref = new ObjectMapper().readTree(in);
    }
  }

  @Test
  void argsortBreaksTiesAsNumpyDoes() {
    int heap = 0;
    for (JsonNode c : ref.get("argsort")) {
      JsonNode vs = c.get("values");
      float[] v = new float[vs.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = vs.get(i).isNull() ? Float.NaN : (float) vs.get(i).asDouble();
      }
      int[] want = new int[v.length];
      for (int i = 0; i < v.length; i++) {
        want[i] = c.get("argsort").get(i).asInt();
      }
      assertThat(NumpyArgsort.argsort(v)).as("argsort of %d values", v.length).containsExactly(want);
      heap += c.has("heapsort") ? 1 : 0;
    }
    assertThat(heap).as("cases reaching the heapsort fallback").isPositive();
  }

  @Test
  void sumIsNumpysPairwiseSum() {
    for (JsonNode c : ref.get("sum")) {
      double[] a = new double[c.get("values").size()];
      for (int i = 0; i < a.length; i++) {
        a[i] = c.get("values").get(i).asDouble();
      }
      assertThat(NumpySum.sum(a)).as("sum of %d values", a.length).isEqualTo(c.get("sum").asDouble());
      if (a.length > 0) {
        assertThat(NumpySum.mean(a)).as("mean of %d values", a.length).isEqualTo(c.get("mean").asDouble());
      }
    }
  }

  @Test
  void descendingIsTheReversedAscendingOrder() {
    float[] v = {0.5f, 0.25f, 0.5f, 1f};
    assertThat(NumpyArgsort.argsortDescending(v)).containsExactly(3, 2, 0, 1);
  }
}
