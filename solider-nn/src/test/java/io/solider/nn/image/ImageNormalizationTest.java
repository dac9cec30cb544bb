package io.solider.nn.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageNormalizationTest {

  @Test
  void namedRecipesAreTheReleaseStatistics() {
    assertThat(ImageNormalization.named("imagenet").apply(0, 255)).isEqualTo((1f - 0.485f) / 0.229f);
    assertThat(ImageNormalization.named("reid").apply(2, 0)).isEqualTo(-1f);
    assertThat(ImageNormalization.named("reid").apply(1, 255)).isEqualTo(1f);
  }

  @Test
  void anUnknownNameSaysWhichNamesExist() {
    assertThatThrownBy(() -> ImageNormalization.named("half"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'half'").hasMessageContaining("imagenet or reid");
  }
}
