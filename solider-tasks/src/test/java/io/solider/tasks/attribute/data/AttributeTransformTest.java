package io.solider.tasks.attribute.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.nn.image.Images;
import io.solider.nn.io.Npy;
import io.solider.tasks.attribute.AttributeReference;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The attribute transforms against torchvision 0.14 / Pillow 9.4 on PIL images
 * (resources attribute/make_transform_reference.py): six sources (downscaled, upscaled, same size,
 * wider than tall) and crop draws at the corners and inside, with and without flip. The 8-bit
 * images must be equal pixel for pixel, and ToTensor + Normalize equal to the last float bit.
 */
class AttributeTransformTest {

  @Test
  void trainAndTestGeometryAreTorchvisionsPixelForPixel() throws Exception {
    for (JsonNode c : AttributeReference.json("transform/cases.json")) {
      String name = c.get("name").asText();
      BufferedImage src = Images.decode(AttributeReference.file("transform/" + name + "_src.png"));
      AttributeTransform t = AttributeTransform.of(c.get("target").get(0).asInt(), c.get("target").get(1).asInt());
      AttributeTransform.Draw d = new AttributeTransform.Draw(c.get("top").asInt(), c.get("left").asInt(),
          c.get("flip").asBoolean());
      assertPixels(name + " train", t.trainImage(src, d), Npy.read(AttributeReference.file("transform/" + name + "_train.npy")));
      assertPixels(name + " test", t.testImage(src), Npy.read(AttributeReference.file("transform/" + name + "_test.npy")));
    }
  }

  @Test
  void toTensorAndNormalizeAreTorchvisionsToTheBit() throws Exception {
    BufferedImage src = Images.decode(AttributeReference.file("transform/case1_src.png"));
    AttributeTransform t = AttributeTransform.release();
    float[] ours = t.tensor(t.trainImage(src, new AttributeTransform.Draw(3, 17, true)));
    float[] torch = Npy.read(AttributeReference.file("transform/case1_train_tensor.npy")).data().asFloat();
    assertThat(ours).containsExactly(torch);
  }

  private static void assertPixels(String what, BufferedImage img, INDArray expected) {
    int h = (int) expected.size(0);
    int w = (int) expected.size(1);
    assertThat(img.getHeight()).as(what).isEqualTo(h);
    assertThat(img.getWidth()).as(what).isEqualTo(w);
    int[] e = expected.castTo(DataType.INT).data().asInt();
    int wrong = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = img.getRGB(x, y);
        int i = (y * w + x) * 3;
        if (((p >> 16) & 0xff) != e[i] || ((p >> 8) & 0xff) != e[i + 1] || (p & 0xff) != e[i + 2]) {
          wrong++;
        }
      }
    }
    assertThat(wrong).as("%s: pixels differing from torchvision", what).isZero();
  }

  @Test
  void drawsCoverTheCropRangeAndFlipAboutHalfTheTime() {
    AttributeTransform t = AttributeTransform.release();
    SplittableRandom r = new SplittableRandom(5);
    int[] tops = new int[21];
    int flips = 0;
    for (int i = 0; i < 4200; i++) {
      AttributeTransform.Draw d = t.draw(r);
      tops[d.top()]++;
      assertThat(d.left()).isBetween(0, 20);
      flips += d.flip() ? 1 : 0;
    }
    for (int n : tops) {
      assertThat(n).isBetween(140, 260);
    }
    assertThat(flips).isBetween(1950, 2250);
    assertThat(t.train(new BufferedImage(40, 80, BufferedImage.TYPE_INT_RGB), new SplittableRandom(1)))
        .containsExactly(t.train(new BufferedImage(40, 80, BufferedImage.TYPE_INT_RGB), new SplittableRandom(1)));
  }

  @Test
  void unshiftedUnflippedDrawIsTheTestImage() {
    BufferedImage src = new BufferedImage(30, 70, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 70; y++) {
      for (int x = 0; x < 30; x++) {
        src.setRGB(x, y, (x * 8 << 16) | (y * 3 << 8) | 77);
      }
    }
    AttributeTransform t = AttributeTransform.of(64, 32);
    assertThat(t.tensor(t.trainImage(src, new AttributeTransform.Draw(10, 10, false)))).containsExactly(t.test(src));
    assertThatThrownBy(() -> t.trainImage(src, new AttributeTransform.Draw(21, 0, false)))
        .hasMessageContaining("outside [0, 20]");
  }
}
