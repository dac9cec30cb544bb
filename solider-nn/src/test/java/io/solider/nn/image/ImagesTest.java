package io.solider.nn.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solider.nn.io.Npy;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Image preprocessing equals the release's PIL + torchvision pipeline (fixtures/resize/make_resize.py). */
class ImagesTest {

  static Path dir() throws Exception {
    return Path.of(ImagesTest.class.getResource("/fixtures/resize").toURI());
  }

  @ParameterizedTest(name = "{0}x{1} to {2}x{3}")
  @CsvSource({"301,173,256,128", "37,23,256,128", "256,200,256,128", "90,128,384,128", "500,260,64,32"})
  void resizeIsPixelExactWithPillowAndNormalisationWithTorchvision(int ih, int iw, int oh, int ow) throws Exception {
    String tag = ih + "x" + iw + "_to_" + oh + "x" + ow;
    BufferedImage img = Images.decode(dir().resolve("in_" + tag + ".png"));
    BufferedImage out = Images.resize(img, oh, ow);
    INDArray ref = Npy.read(dir().resolve("out_" + tag + ".npy"));
    int mismatches = 0;
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        int p = out.getRGB(x, y);
        int[] rgb = {(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff};
        for (int c = 0; c < 3; c++) {
          if (rgb[c] != ref.getInt(y, x, c)) {
            mismatches++;
          }
        }
      }
    }
    assertThat(mismatches).as("pixels differing from Pillow").isZero();
    float[] chw = new float[3 * oh * ow];
    Images.toChw(out, ImageNormalization.imagenet(), chw, 0);
    INDArray norm = Npy.read(dir().resolve("norm_" + tag + ".npy"));
    assertThat(norm.reshape(-1).toFloatVector()).containsExactly(chw);
  }

  @Test
  void undecodableAndMissingFilesAreNamed(@TempDir Path tmp) throws Exception {
    Path bad = tmp.resolve("bad.jpg");
    Files.write(bad, new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3});
    assertThatThrownBy(() -> Images.decode(bad)).isInstanceOf(ImageDecodeException.class).hasMessageContaining("bad.jpg");
    assertThatThrownBy(() -> Images.decode(tmp.resolve("none.png"))).hasMessageContaining("none.png");
  }
}
