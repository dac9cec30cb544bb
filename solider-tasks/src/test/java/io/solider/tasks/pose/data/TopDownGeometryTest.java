package io.solider.tasks.pose.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.common.AffineMatrix;
import io.solider.tasks.common.AffineWarp;
import io.solider.tasks.pose.PoseReference;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * get_affine_transform and cv2.warpAffine(INTER_LINEAR) against the release's code and OpenCV
 * ({@code make_pipeline_reference.py}, sections {@code affine} and {@code warps}).
 */
class TopDownGeometryTest {

  private static final JsonNode REF = PoseReference.json("pipeline_reference.json");

  static CenterScale box(JsonNode c, JsonNode s) {
    return new CenterScale((float) c.get(0).asDouble(), (float) c.get(1).asDouble(), (float) s.get(0).asDouble(),
        (float) s.get(1).asDouble());
  }

  /** Matrices equal cv2.getAffineTransform's to within 1e-13 relative (sin/cos may differ in the last bit). */
  @Test
  void affineMatricesMatchTheRelease() {
    int exact = 0;
    int n = 0;
    for (JsonNode c : REF.get("affine")) {
      AffineMatrix m = TopDownGeometry.affine(box(c.get("center"), c.get("scale")), c.get("rotation").asDouble(),
          c.get("size").get(0).asInt(), c.get("size").get(1).asInt(), c.get("inverse").asBoolean());
      double[] got = m.toArray();
      double[] want = PoseReference.doubles(c.get("matrix"));
      boolean same = true;
      for (int i = 0; i < 6; i++) {
        assertThat(got[i]).as("%s entry %d", c, i).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-13 * (1 + Math.abs(want[i]))));
        same &= got[i] == want[i];
      }
      exact += same ? 1 : 0;
      n++;
    }
    // Measured: every matrix bit-identical (Java's sin/cos agree with NumPy's on these angles).
    assertThat(exact).isEqualTo(n);
  }

  @Test
  void warpIsPixelExactAgainstOpenCv() throws Exception {
    for (JsonNode c : REF.get("warps")) {
      BufferedImage src = ImageIO.read(PoseReference.file("warp/" + c.get("source").asText()).toFile());
      BufferedImage want = ImageIO.read(PoseReference.file("warp/" + c.get("output").asText()).toFile());
      int w = c.get("size").get(0).asInt();
      int h = c.get("size").get(1).asInt();
      AffineMatrix m = TopDownGeometry.affine(box(c.get("center"), c.get("scale")), c.get("rotation").asDouble(), w, h, false);
      assertThat(m.toArray()).containsExactly(PoseReference.doubles(c.get("matrix")));
      BufferedImage got = AffineWarp.warp(src, m, w, h);
      int[] g = got.getRGB(0, 0, w, h, null, 0, w);
      int[] e = want.getRGB(0, 0, w, h, null, 0, w);
      int i = java.util.Arrays.mismatch(g, e);
      assertThat(i).as("%s: first differing pixel (x %d, y %d)", c.get("output").asText(), i % w, i / w).isEqualTo(-1);
    }
  }
}
