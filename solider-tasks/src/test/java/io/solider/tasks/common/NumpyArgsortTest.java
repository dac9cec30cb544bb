package io.solider.tasks.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.pose.PoseReference;
import org.junit.jupiter.api.Test;

/** NumPy 1.24's default argsort on tie-heavy arrays of 1–257 values ({@code make_pipeline_reference.py}). */
class NumpyArgsortTest {

  @Test
  void tiesComeOutInNumpysOrder() {
    int n = 0;
    for (JsonNode c : PoseReference.json("pipeline_reference.json").get("argsort")) {
      double[] v = PoseReference.doubles(c.get("values"));
      int[] want = java.util.Arrays.stream(PoseReference.doubles(c.get("order"))).mapToInt(d -> (int) d).toArray();
      assertThat(NumpyArgsort.argsort(v)).as("%d values", v.length).containsExactly(want);
      n++;
    }
    assertThat(n).isEqualTo(33);
  }

  @Test
  void heapsortFallbackMatchesNumpysHeapsort() {
    for (JsonNode c : PoseReference.json("pipeline_reference.json").get("argsort_heapsort")) {
      double[] v = PoseReference.doubles(c.get("values"));
      int[] a = java.util.stream.IntStream.range(0, v.length).toArray();
      NumpyArgsort.heapsort(v, a, 0, v.length);
      int[] want = java.util.Arrays.stream(PoseReference.doubles(c.get("order"))).mapToInt(d -> (int) d).toArray();
      assertThat(a).as("%d values", v.length).containsExactly(want);
    }
  }

  @Test
  void sumsFollowNumpysPairwiseOrder() {
    // 0.1 ten times: left to right gives 0.9999999999999999; NumPy's 8-way blocks give 1.0.
    double[] a = new double[10];
    java.util.Arrays.fill(a, 0.1);
    double seq = 0;
    for (double x : a) {
      seq += x;
    }
    assertThat(seq).isEqualTo(0.9999999999999999);
    assertThat(NumpySum.sum(a, 0, 10)).isEqualTo(1.0);
  }
}
