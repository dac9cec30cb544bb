package io.solider.tasks.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.detection.DetectionReference;
import org.junit.jupiter.api.Test;

/**
 * OpenCV-exact 8-bit operations against digests of cv2's outputs
 * ({@code detection/make_augment_reference.py}, python3-opencv 4.6): HSV conversions on every one
 * of the 2²⁴ byte triples, bilinear resize on 60 images and factors.
 */
class Cv2ImageOpsTest {

  private static final JsonNode PRIMITIVES = DetectionReference.load("augment_cases.json").get("primitives");

  @Test
  void hsvConversionsMatchOpenCvOnEveryInput() {
    for (JsonNode c : PRIMITIVES.get("hsv")) {
      int width = c.get("width").asInt();
      U8Image all = TestImages.everyTriple(width);
      assertThat(TestImages.sha256(Cv2Hsv.rgbToHsv(all).data())).as("RGB→HSV, width %d", width)
          .isEqualTo(c.get("rgb2hsv").asText());
      assertThat(TestImages.sha256(Cv2Hsv.hsvToRgb(all).data())).as("HSV→RGB, width %d", width)
          .isEqualTo(c.get("hsv2rgb").asText());
    }
  }

  @Test
  void bilinearResizeMatchesOpenCv() {
    for (JsonNode c : PRIMITIVES.get("resize")) {
      int h = c.get("h").asInt();
      int w = c.get("w").asInt();
      int seed = c.get("seed").asInt();
      U8Image src = c.get("smooth").asBoolean() ? TestImages.smooth(h, w, seed) : TestImages.noise(h, w, seed);
      assertThat(TestImages.sha256(src.data())).isEqualTo(c.get("src").asText());
      U8Image out = Cv2Resize.linear(src, c.get("new_w").asInt(), c.get("new_h").asInt());
      assertThat(TestImages.sha256(out.data())).as("%d×%d → %d×%d", h, w, out.height(), out.width())
          .isEqualTo(c.get("sha256").asText());
    }
  }

  @Test
  void cropPasteFlipAndMean() {
    U8Image img = TestImages.noise(5, 7, 3);
    U8Image flipped = img.flipHorizontal();
    assertThat(flipped.get(2, 0, 1)).isEqualTo(img.get(2, 6, 1));
    U8Image crop = img.crop(1, 2, 3, 4);
    assertThat(crop.get(0, 0, 2)).isEqualTo(img.get(1, 2, 2));
    U8Image canvas = crop.paste(6, 8, 2, 3, 77);
    assertThat(canvas.get(0, 0, 0)).isEqualTo(77);
    assertThat(canvas.get(2, 3, 2)).isEqualTo(crop.get(0, 0, 2));
    long sum = 0;
    for (byte b : img.data()) {
      sum += b & 0xff;
    }
    assertThat(img.meanTruncated()).isEqualTo((int) (sum / img.data().length));
  }
}
