package io.solider.tasks.parsing.data;

import static io.solider.tasks.parsing.LossFixtures.ints;
import static io.solider.tasks.parsing.ParsingReference.floats;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.nn.io.Npy;
import io.solider.tasks.common.AffineMatrix;
import io.solider.tasks.common.AffineWarp;
import io.solider.tasks.common.U8Image;
import io.solider.tasks.parsing.ParsingReference;
import org.junit.jupiter.api.Test;

/**
 * The crop geometry against the release's get_affine_transform and OpenCV 4.6's
 * getAffineTransform / warpAffine (make_transform_reference.py). Warped pixels are identical.
 * Matrices: {@link AffineMatrix#fromPoints} reproduces OpenCV's LU with the back substitution
 * dividing by the pivots; measured: all 500 matrices (200 get_affine_transform, 300 release
 * transforms) bit-identical to cv2's (an earlier solver multiplying by the reciprocal pivot was off
 * by up to 2.2e-16 relative to the largest entry). Tolerance kept at 1e-15.
 */
class GeometryMatchesOpenCvTest {

  static final JsonNode REF = ParsingReference.json("transform/reference.json");

  @Test
  void getAffineTransformIsBitExact() {
    for (JsonNode c : REF.get("get_affine_transform")) {
      double[] m = AffineMatrix.fromPoints(floats(c.get("src")), floats(c.get("dst"))).toArray();
      assertClose(m, ParsingReference.doubles(c.get("m")), c.toString());
    }
  }

  @Test
  void releaseAffineTransformIsBitExact() {
    for (JsonNode c : REF.get("affine")) {
      double[] m = SchpAffine.transform(floats(c.get("center")), floats(c.get("scale")), c.get("rot").asDouble(),
          c.get("output").get(0).asInt(), c.get("output").get(1).asInt(), c.get("inv").asInt() == 1).toArray();
      assertClose(m, ParsingReference.doubles(c.get("m")), c.toString());
    }
  }

  @Test
  void warpsArePixelExact() throws Exception {
    JsonNode warps = REF.get("warp");
    for (int i = 0; i < warps.size(); i++) {
      AffineMatrix m = AffineMatrix.of(ParsingReference.doubles(warps.get(i).get("m")));
      int oh = warps.get(i).get("output").get(0).asInt();
      int ow = warps.get(i).get("output").get(1).asInt();
      U8Image img = image("transform/warp" + i + "_image");
      U8Image lab = image("transform/warp" + i + "_labels");
      assertThat(AffineWarp.warp(img, m, ow, oh, AffineWarp.Interpolation.LINEAR, 0).data())
          .as("linear %d", i).containsExactly(image("transform/warp" + i + "_linear").data());
      assertThat(AffineWarp.warp(lab, m, ow, oh, AffineWarp.Interpolation.NEAREST, 255).data())
          .as("nearest %d", i).containsExactly(image("transform/warp" + i + "_nearest").data());
      assertThat(AffineWarp.warpNearest(ints("transform/warp" + i + "_labels32"), lab.width(), lab.height(), m, ow, oh, 0))
          .as("nearest int %d", i).containsExactly(ints("transform/warp" + i + "_nearest32"));
    }
  }

  static double worst;

  static void assertClose(double[] actual, double[] expected, String what) {
    double scale = 0;
    for (double v : expected) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < 6; i++) {
      double rel = Math.abs(actual[i] - expected[i]) / scale;
      worst = Math.max(worst, rel);
      assertThat(rel).as(what).isLessThan(1e-15);
    }
  }

  @org.junit.jupiter.api.AfterAll
  static void report() {
    org.slf4j.LoggerFactory.getLogger(GeometryMatchesOpenCvTest.class).info("largest relative matrix difference {}", worst);
  }

  /** A uint8 (H, W) or (H, W, C) npy array as an image. */
  static U8Image image(String name) throws Exception {
    var a = Npy.read(ParsingReference.path(name + ".npy"));
    long[] s = a.shape();
    int[] v = a.dup('c').data().asInt();
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return new U8Image((int) s[0], (int) s[1], s.length == 3 ? (int) s[2] : 1, b);
  }
}
