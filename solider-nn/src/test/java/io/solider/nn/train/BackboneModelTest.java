package io.solider.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.backbone.SwinConfig;
import org.junit.jupiter.api.Test;

/** The backbone part of a task's configuration: its checks, its copies and the JSON checkpoints store. */
class BackboneModelTest {

  @Test
  void rejectsAMissingArchitectureAndAWeightOutsideZeroToOne() {
    assertThatThrownBy(() -> new BackboneModel(null, null, 0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("arch is required");
    for (double bad : new double[] {-0.01, 1.01, Double.NaN}) {
      assertThatThrownBy(() -> BackboneModel.fromScratch(SwinConfig.tiny(), bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("semantic weight must be in [0, 1]");
    }
  }

  @Test
  void eachCopyChangesOnePart() {
    BackboneModel m = BackboneModel.fromScratch(SwinConfig.tiny(), 0.2);
    assertThat(m.pretrained()).isNull();
    assertThat(m.withPretrained("a.pth")).isEqualTo(new BackboneModel(SwinConfig.tiny(), "a.pth", 0.2));
    assertThat(m.withSemanticWeight(1)).isEqualTo(new BackboneModel(SwinConfig.tiny(), null, 1));
    assertThat(m.withArch(SwinConfig.small()).arch()).isEqualTo(SwinConfig.small());
    assertThatThrownBy(() -> m.withSemanticWeight(2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keepsTheJsonLayoutOfTheTaskModelsItReplaced() throws Exception {
    ObjectMapper json = new ObjectMapper();
    BackboneModel m = new BackboneModel(SwinConfig.tiny(), "teacher.pth", 0.8);
    String text = json.writeValueAsString(m);
    assertThat(json.readTree(text).fieldNames()).toIterable()
        .containsExactlyInAnyOrder("arch", "pretrained", "semanticWeight");
    assertThat(json.readValue(text, BackboneModel.class)).isEqualTo(m);
  }
}
