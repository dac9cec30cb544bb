package io.solider.tasks.detection.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.common.TestImages;
import io.solider.tasks.common.U8Image;
import io.solider.tasks.detection.DetectionReference;
import io.solider.tasks.detection.loss.CspTargetGenerator;
import io.solider.tasks.detection.loss.CspTargets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The training path against the release's _parse_ann_info → augment → ImageTransform →
 * calc_gt_center with the same random draws ({@code detection/make_augment_reference.py}):
 * pixels, boxes, normalised input and targets equal to the bit.
 */
class CspAugmentationTest {

  static Stream<Arguments> cases() {
    return DetectionReference.named(DetectionReference.load("augment_cases.json").get("train"));
  }

  /** Replays the release's draws, checking that each is asked for with the same range. */
  static final class Replay implements Draws {
    private final Deque<JsonNode> queue = new ArrayDeque<>();

    Replay(JsonNode log) {
      log.forEach(queue::add);
    }

    @Override
    public int integer(int lo, int hi) {
      return next("integer", lo, hi).get(3).asInt();
    }

    @Override
    public double uniform(double lo, double hi) {
      return next("uniform", lo, hi).get(3).asDouble();
    }

    int remaining() {
      return queue.size();
    }

    private JsonNode next(String kind, double lo, double hi) {
      JsonNode d = queue.poll();
      assertThat(d).as("the release drew fewer numbers").isNotNull();
      assertThat(d.get(0).asText()).isEqualTo(kind);
      assertThat(d.get(1).asDouble()).isEqualTo(lo);
      assertThat(d.get(2).asDouble()).isEqualTo(hi);
      return d;
    }
  }

  static DetectionImage image(JsonNode c) {
    List<PedestrianBox> boxes = new ArrayList<>();
    for (JsonNode a : c.get("annotations")) {
      double[] b = DetectionReference.doubles(a.get("bbox"));
      boxes.add(new PedestrianBox(b, b, b[3], 1, a.get("ignore").asInt() != 0, a.get("iscrowd").asInt() != 0));
    }
    return new DetectionImage(Path.of("x.png"), 1, c.get("w").asInt(), c.get("h").asInt(), boxes);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void augmentsAsTheRelease(String name, JsonNode c) {
    int h = c.get("h").asInt();
    int w = c.get("w").asInt();
    int seed = c.get("seed").asInt();
    U8Image img = c.get("kind").asText().equals("noise") ? TestImages.noise(h, w, seed) : TestImages.smooth(h, w, seed);
    CspBoxes boxes = CspBoxes.of(image(c));
    assertThat(boxes.people()).containsExactly(DetectionReference.floats(c.get("parsed_people")));
    assertThat(boxes.ignores()).containsExactly(DetectionReference.floats(c.get("parsed_ignores")));
    int ch = c.get("crop").get(0).asInt();
    int cw = c.get("crop").get(1).asInt();
    CspAugmentation aug = new CspAugmentation(CspAugmentation.Config.release().withCrop(ch, cw));
    Replay draws = new Replay(c.get("draws"));
    CspSample s = aug.apply(img, boxes, draws);
    assertThat(draws.remaining()).as("draws left over").isZero();
    assertThat(TestImages.sha256(s.image().data())).as("pixels").isEqualTo(c.get("out_image_sha256").asText());
    assertThat(s.people()).containsExactly(DetectionReference.doubles(c.get("people")));
    assertThat(s.ignores()).containsExactly(DetectionReference.doubles(c.get("ignores")));
    float[] normed = CspNormalization.release(32).apply(s.image());
    assertThat(normed).startsWith(DetectionReference.floats(c.get("normalized_head")));
    assertThat(TestImages.sha256(normed)).as("normalised").isEqualTo(c.get("normalized_sha256").asText());
    CspTargets t = CspTargetGenerator.release().generate(s.people(), s.ignores(), ch, cw);
    assertThat(TestImages.sha256(t.center())).as("centre maps").isEqualTo(c.get("center_sha256").asText());
    assertThat(TestImages.sha256(t.scale())).as("scale maps").isEqualTo(c.get("scale_sha256").asText());
    assertThat(TestImages.sha256(t.offset())).as("offset maps").isEqualTo(c.get("offset_sha256").asText());
  }

  @Test
  void testTransformMatchesTheRelease() {
    for (JsonNode c : DetectionReference.load("augment_cases.json").get("test")) {
      U8Image img = TestImages.smooth(c.get("h").asInt(), c.get("w").asInt(), c.get("seed").asInt());
      CspTestTransform.Prepared p = CspTestTransform.release().apply(img);
      assertThat(new int[] {p.height(), p.width()}).containsExactly(c.get("img_shape").get(0).asInt(),
          c.get("img_shape").get(1).asInt());
      assertThat(new int[] {p.paddedHeight(), p.paddedWidth()}).containsExactly(c.get("pad_shape").get(0).asInt(),
          c.get("pad_shape").get(1).asInt());
      assertThat(p.scale()).isEqualTo(c.get("scale_factor").asDouble());
      assertThat(p.pixels()).startsWith(DetectionReference.floats(c.get("head")));
      assertThat(TestImages.sha256(p.pixels())).isEqualTo(c.get("sha256").asText());
    }
  }

  @Test
  void seededDrawsAreReproducibleAndFollowTheRecipe() {
    U8Image img = TestImages.smooth(96, 192, 1);
    CspBoxes boxes = new CspBoxes(new float[] {40, 10, 79, 90, 120, 20, 150, 85}, new float[0]);
    CspAugmentation aug = new CspAugmentation(CspAugmentation.Config.release().withCrop(64, 128));
    CspSample a = aug.apply(img, boxes, Draws.of(new SplittableRandom(7)));
    CspSample b = aug.apply(img, boxes, Draws.of(new SplittableRandom(7)));
    assertThat(a.image().data()).isEqualTo(b.image().data());
    assertThat(a.people()).containsExactly(b.people());
    assertThat(a.image().height()).isEqualTo(64);
    assertThat(a.image().width()).isEqualTo(128);
    for (int i = 0; i < a.people().length; i += 4) {
      assertThat(a.people()[i + 2] - a.people()[i]).isGreaterThanOrEqualTo(16);
      assertThat(a.people()[i + 2]).isLessThanOrEqualTo(127);
    }
  }

  @Test
  void imagesThatCannotFitTheCropAreRefused() {
    CspAugmentation aug = new CspAugmentation(CspAugmentation.Config.release().withCrop(64, 256));
    CspBoxes none = new CspBoxes(new float[0], new float[0]);
    // 96×96 resized by 1.0 is as tall as the crop but narrower.
    Draws fixed = new Draws() {
      @Override
      public int integer(int lo, int hi) {
        return 1;
      }

      @Override
      public double uniform(double lo, double hi) {
        return 1.0;
      }
    };
    assertThatThrownBy(() -> aug.apply(TestImages.smooth(96, 96, 1), none, fixed)).hasMessageContaining("narrower");
  }
}
