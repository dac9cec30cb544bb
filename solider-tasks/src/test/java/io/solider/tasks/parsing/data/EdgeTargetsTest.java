package io.solider.tasks.parsing.data;

import static io.solider.tasks.parsing.LossFixtures.ints;
import static org.assertj.core.api.Assertions.assertThat;

import io.solider.nn.io.Npy;
import io.solider.tasks.parsing.ParsingReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Edge labels equal to the release's generate_edge_tensor on the same label maps (make_loss_reference.py). */
class EdgeTargetsTest {

  @ParameterizedTest
  @ValueSource(strings = {"edges", "edges_big", "edges_ignored", "edges_single"})
  void matchTheReleasesEdgesExactly(String name) throws Exception {
    long[] shape = Npy.read(ParsingReference.path("loss/" + name + "_labels.npy")).shape();
    int[] labels = ints("loss/" + name + "_labels");
    int[] expected = ints("loss/" + name + "_target");
    int[] edges = EdgeTargets.generate(labels, (int) shape[0], (int) shape[1], (int) shape[2]);
    assertThat(edges).containsExactly(expected);
    assertThat(edges).contains(0, 1); // both kinds present, so the comparison means something
  }
}
