package io.solider.tasks.parsing.data;

import static io.solider.tasks.parsing.LossFixtures.assertSame;
import static io.solider.tasks.parsing.LossFixtures.ints;
import static io.solider.tasks.parsing.ParsingReference.floats;
import static io.solider.tasks.parsing.data.GeometryMatchesOpenCvTest.image;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.io.Npy;
import io.solider.tasks.common.U8Image;
import io.solider.tasks.parsing.ParsingReference;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The train and test inputs against the release's LIPDataSet / LIPDataValSet run on the same pixels
 * with the same random draws (make_transform_reference.py): normalised crops equal float for float,
 * labels identical.
 */
class PipelinesMatchReleaseTest {

  static final JsonNode REF = ParsingReference.json("transform/reference.json");

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4})
  void trainSampleEqualsTheReleases(int i) throws Exception {
    JsonNode c = REF.get("train").get(i);
    LipTrainTransform t = new LipTrainTransform(LipTrainTransform.Config.release()
        .withCrop(c.get("crop").get(0).asInt(), c.get("crop").get(1).asInt()));
    LipTrainTransform.Draw d = draw(t, c);
    U8Image img = image("transform/train" + i + "_image");
    U8Image lab = image("transform/train" + i + "_labels");
    LipTrainTransform.Sample s = t.apply(img, mask(lab), d);
    assertThat(s.rotation()).isEqualTo(c.get("rotation").asDouble());
    assertThat(s.box().center()).containsExactly(floats(c.get("center")));
    assertThat(s.box().scale()).containsExactly(floats(c.get("scale")));
    assertSame(s.input(), Npy.read(ParsingReference.path("transform/train" + i + "_input.npy")).data().asFloat(), "input");
    assertSame(s.labels(), ints("transform/train" + i + "_target"), "labels");
  }

  @Test
  void trainSampleAtTheReleaseCropEqualsTheReleases() throws Exception {
    JsonNode c = REF.get("train_big");
    LipTrainTransform t = new LipTrainTransform(LipTrainTransform.Config.release());
    U8Image img = U8Image.bgr(ImageIO.read(png("train_big_image").toFile()));
    PartMask lab = LabelPng.read(png("train_big_labels"));
    LipTrainTransform.Sample s = t.apply(img, lab, draw(t, c));
    U8Image warped = U8Image.bgr(ImageIO.read(png("train_big_warped").toFile()));
    assertSame(s.input(), LipTrainTransform.normalise(warped, ImageNormalization.imagenet()), "input");
    assertSame(s.labels(), LabelPng.read(png("train_big_target")).labels(), "labels");
    assertThat(s.box().scale()).containsExactly(floats(c.get("scale")));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void testInputEqualsTheReleases(int i) throws Exception {
    JsonNode c = REF.get("test").get(i);
    int ch = c.get("crop").get(0).asInt();
    int cw = c.get("crop").get(1).asInt();
    LipTestTransform t = new LipTestTransform(ch, cw, ImageNormalization.imagenet());
    LipTestTransform.Input in = t.apply(image("transform/test" + i + "_image"));
    float[] both = Npy.read(ParsingReference.path("transform/test" + i + "_input.npy")).data().asFloat();
    int n = 3 * ch * cw;
    assertSame(in.input(), java.util.Arrays.copyOf(both, n), "input");
    assertSame(io.solider.tasks.parsing.head.TestTimeFusion.mirror(in.input(), ch, cw),
        java.util.Arrays.copyOfRange(both, n, 2 * n), "mirrored input");
    assertThat(in.box().center()).containsExactly(floats(c.get("center")));
    assertThat(in.box().scale()).containsExactly(floats(c.get("scale")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"decode_cv2", "decode_pil"})
  void jpegDecodesToTheSamePixelsAsCv2Imread(String name) throws Exception {
    // Java's decoder and libjpeg-turbo both use the exact integer IDCT and the same upsampling.
    U8Image ours = U8Image.bgr(ImageIO.read(ParsingReference.path("transform/" + name + ".jpg").toFile()));
    U8Image cv2 = image("transform/" + name);
    assertThat(java.util.Arrays.mismatch(ours.data(), cv2.data())).isEqualTo(-1);
  }

  @Test
  void drawsFollowTheReleasesDistributions() {
    LipTrainTransform t = new LipTrainTransform(LipTrainTransform.Config.release());
    SplittableRandom rng = new SplittableRandom(5);
    int n = 20000;
    int rotated = 0;
    int flipped = 0;
    double scaleSum = 0;
    for (int k = 0; k < n; k++) {
      LipTrainTransform.Draw d = t.draw(rng);
      assertThat(d.scale()).isBetween(0.75, 1.25);
      assertThat(d.rotation()).isBetween(-60.0, 60.0);
      rotated += d.rotation() != 0 ? 1 : 0;
      flipped += d.flip() ? 1 : 0;
      scaleSum += d.scale();
    }
    assertThat(rotated / (double) n).isCloseTo(0.6, org.assertj.core.api.Assertions.within(0.015));
    assertThat(flipped / (double) n).isCloseTo(0.5, org.assertj.core.api.Assertions.within(0.015));
    assertThat(scaleSum / n).isCloseTo(1.0, org.assertj.core.api.Assertions.within(0.005));
    assertThat(t.draw(new SplittableRandom(9))).isEqualTo(t.draw(new SplittableRandom(9)));
  }

  /** The draw from the stored raw numbers: normals (scale[, angle]) and uniforms (rotate?, flip?). */
  static LipTrainTransform.Draw draw(LipTrainTransform t, JsonNode c) {
    JsonNode n = c.get("normals");
    JsonNode u = c.get("uniforms");
    return t.draw(n.get(0).asDouble(), u.get(0).asDouble(), n.size() > 1 ? n.get(1).asDouble() : Double.NaN,
        u.get(1).asDouble());
  }

  static PartMask mask(U8Image lab) {
    int[] v = new int[lab.data().length];
    for (int i = 0; i < v.length; i++) {
      v[i] = lab.data()[i] & 0xff;
    }
    return new PartMask(lab.width(), lab.height(), v);
  }

  static Path png(String name) {
    return ParsingReference.path("transform/" + name + ".png");
  }
}
