package io.solider.tasks.search.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchLossWeightsTest {

  @Test
  void overridesReplaceTermsByTheReleaseNames() {
    SearchLossWeights w = SearchLossWeights.release().with(Map.of("box_cls", 0.0, "box_reid", 2.0));
    assertThat(w).isEqualTo(new SearchLossWeights(1, 1, 10, 1, 1, 0, 2));
    assertThat(SearchLossWeights.release().with(Map.of())).isEqualTo(SearchLossWeights.release());
  }

  @Test
  void unknownNamesAndBadValuesAreOneLineErrors() {
    assertThatThrownBy(() -> SearchLossWeights.release().with(Map.of("box_score", 0.0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown loss term 'box_score'")
        .hasMessageContaining("box_cls");
    assertThatThrownBy(() -> SearchLossWeights.release().with(Map.of("rpn_cls", -1.0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rpn_cls must be finite and >= 0");
    assertThatThrownBy(() -> SearchLossWeights.release().with(Map.of("box_reid", Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("box_reid");
  }
}
