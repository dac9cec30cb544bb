package io.solider.tasks.pose.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.image.ImageNormalization;
import io.solider.tasks.common.AffineMatrix;
import io.solider.tasks.common.DatasetFormatException;
import io.solider.tasks.pose.PoseReference;
import io.solider.tasks.pose.ScriptedRandom;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data side of the top-down recipe against the release's code ({@code make_pipeline_reference.py}):
 * box encoding, GT and detector samples, flip, half-body, random scale/rotation with the release's
 * draws replayed, joint warping, the whole training pipeline (pixels, joints, targets) and the
 * normalisation. All comparisons are exact unless stated (measured: exact).
 */
class TopDownPipelineTest {

  private static final JsonNode REF = PoseReference.json("pipeline_reference.json");

  @TempDir Path dir;


  static float f(JsonNode n, int i) {
    return (float) n.get(i).asDouble();
  }

  static CenterScale cs(JsonNode c, JsonNode s) {
    return new CenterScale(f(c, 0), f(c, 1), f(s, 0), f(s, 1));
  }

  @Test
  void boxEncodingMatchesXywh2cs() {
    for (JsonNode c : REF.get("xywh2cs_test")) {
      double[] b = PoseReference.doubles(c.get("box"));
      assertThat(CenterScale.fromBox(b[0], b[1], b[2], b[3], 0.75, 1.25)).as(c.toString())
          .isEqualTo(cs(c.get("center"), c.get("scale")));
    }
    for (JsonNode c : REF.get("xywh2cs_train")) {
      double[] b = PoseReference.doubles(c.get("box"));
      ScriptedRandom rng = new ScriptedRandom(c.get("uniforms"), null);
      assertThat(CenterScale.fromBoxJittered(b[0], b[1], b[2], b[3], 0.75, 1.25, rng)).as(c.toString())
          .isEqualTo(cs(c.get("center"), c.get("scale")));
      assertThat(rng.exhausted()).isTrue();
    }
  }

  private CocoKeypoints.Split groundTruth() throws Exception {
    Path json = dir.resolve("gt.json");
    new ObjectMapper().writeValue(json.toFile(), REF.get("gt_boxes").get("gt"));
    return CocoKeypoints.read(json, Path.of("img"), "ref");
  }

  @Test
  void groundTruthSamplesMatchTheRelease() throws Exception {
    List<PersonInstance> got = PersonInstances.fromGroundTruth(groundTruth(), 0.75);
    JsonNode want = REF.get("gt_boxes").get("db");
    assertThat(got).hasSize(want.size());
    for (int i = 0; i < got.size(); i++) {
      PersonInstance p = got.get(i);
      JsonNode w = want.get(i);
      assertThat(p.image()).isEqualTo(Path.of(w.get("image_file").asText()));
      assertThat(p.box()).isEqualTo(cs(w.get("center"), w.get("scale")));
      assertThat(p.bbox()).containsExactly(PoseReference.doubles(w.get("bbox")));
      assertThat(p.joints()).containsExactly(PoseReference.floats(w.get("joints")));
      assertThat(p.visible()).containsExactly(PoseReference.floats(w.get("visible")));
      assertThat(p.boxId()).isEqualTo(w.get("bbox_id").asInt());
      assertThat(p.boxScore()).isEqualTo(1.0);
    }
  }

  @Test
  void detectorSamplesMatchTheRelease() throws Exception {
    CocoKeypoints.Split gt = groundTruth();
    Path dets = dir.resolve("dets.json");
    new ObjectMapper().writeValue(dets.toFile(), REF.get("det_boxes").get("dets"));
    for (JsonNode run : REF.get("det_boxes").get("runs")) {
      List<PersonInstance> got = PersonInstances.fromDetections(dets, gt.files(), 0.75, run.get("threshold").asDouble());
      JsonNode want = run.get("db");
      assertThat(got).hasSize(want.size());
      for (int i = 0; i < got.size(); i++) {
        assertThat(got.get(i).image()).isEqualTo(Path.of(want.get(i).get("image_file").asText()));
        assertThat(got.get(i).box()).isEqualTo(cs(want.get(i).get("center"), want.get(i).get("scale")));
        assertThat(got.get(i).boxScore()).isEqualTo(want.get(i).get("bbox_score").asDouble());
        assertThat(got.get(i).boxId()).isEqualTo(want.get(i).get("bbox_id").asInt());
      }
    }
  }

  @Test
  void detectorFileErrorsAreNamed() throws Exception {
    CocoKeypoints.Split gt = groundTruth();
    Path empty = Files.writeString(dir.resolve("empty.json"), "[]");
    assertThatThrownBy(() -> PersonInstances.fromDetections(empty, gt.files(), 0.75, 0))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("empty.json: no detection boxes");
    Path unknown = Files.writeString(dir.resolve("unknown.json"),
        "[{\"image_id\": 5, \"category_id\": 1, \"bbox\": [1, 2, 3, 4], \"score\": 0.5}]");
    assertThatThrownBy(() -> PersonInstances.fromDetections(unknown, gt.files(), 0.75, 0))
        .hasMessageContaining("unknown.json: results[0].image_id: image 5 is not in the ground truth");
    Path shortBox = Files.writeString(dir.resolve("short.json"),
        "[{\"image_id\": 3, \"category_id\": 1, \"bbox\": [1, 2, 3], \"score\": 0.5}]");
    assertThatThrownBy(() -> PersonInstances.fromDetections(shortBox, gt.files(), 0.75, 0))
        .hasMessageContaining("short.json: results[0].bbox: expected 4 numbers, got 3");
  }

  @Test
  void flipMatchesTopDownRandomFlip() {
    for (JsonNode c : REF.get("flip")) {
      if (!c.get("flipped").asBoolean()) {
        assertThat(c.get("uniform").asDouble()).isGreaterThan(0.5);
        continue;
      }
      int w = c.get("width").asInt();
      int[] row = new int[w];
      JsonNode in = c.get("image_row0_in");
      for (int x = 0; x < w; x++) {
        row[x] = in.get(3 * x).asInt() << 16 | in.get(3 * x + 1).asInt() << 8 | in.get(3 * x + 2).asInt();
      }
      float cx = f(c.get("center_in"), 0);
      TopDownAugment.Flipped got = TopDownAugment.flip(row, w, 1, PoseReference.floats(c.get("joints")), PoseReference.floats(c.get("visible")), cx);
      JsonNode out = c.get("image_row0_out");
      for (int x = 0; x < w; x++) {
        assertThat(got.rgb()[x]).isEqualTo(out.get(3 * x).asInt() << 16 | out.get(3 * x + 1).asInt() << 8 | out.get(3 * x + 2).asInt());
      }
      float[] wantJoints = PoseReference.floats(c.get("out_joints"));
      for (int i = 0; i < wantJoints.length; i++) {
        assertThat(got.joints()[i]).as("joint coordinate %d", i).isEqualTo(wantJoints[i] + 0f); // ±0 compare equal
      }
      assertThat(got.visible()).containsExactly(PoseReference.floats(c.get("out_visible")));
      assertThat(got.cx()).isEqualTo(f(c.get("out_center"), 0));
    }
  }

  @Test
  void halfBodyMatchesTheRelease() {
    for (JsonNode c : REF.get("half_body")) {
      float[] joints = PoseReference.floats(c.get("joints"));
      float[] vis = PoseReference.floats(c.get("visible"));
      ScriptedRandom rng = new ScriptedRandom(c.get("uniforms"), c.get("normals"));
      CenterScale box = new CenterScale(150, 150, 1.0f, 1.3333334f);
      float sum = 0;
      for (float v : vis) {
        sum += v;
      }
      if (sum > 8 && rng.nextDouble() < 0.3) {
        CenterScale half = TopDownAugment.halfBody(joints, vis, 0.75, rng);
        box = half == null ? box : half;
      }
      assertThat(rng.exhausted()).as(c.toString()).isTrue();
      assertThat(box).as(c.toString()).isEqualTo(cs(c.get("center"), c.get("scale")));
    }
  }

  @Test
  void scaleAndRotationMatchTheRelease() {
    for (JsonNode c : REF.get("scale_rotation")) {
      JsonNode u = new ObjectMapper().createArrayNode().add(c.get("uniform").asDouble());
      ScriptedRandom rng = new ScriptedRandom(u, c.get("normals"));
      TopDownAugment.ScaleRotation sr = TopDownAugment.scaleRotation(f(c.get("scale_in"), 0), f(c.get("scale_in"), 1),
          0.5, 40, 0.6, rng);
      assertThat(new float[] {sr.sx(), sr.sy()}).containsExactly(PoseReference.floats(c.get("scale")));
      assertThat(sr.rotation()).isEqualTo(c.get("rotation").asDouble());
    }
  }

  @Test
  void visibleJointsAreWarpedAsTopDownAffine() {
    for (JsonNode c : REF.get("affine_joints")) {
      AffineMatrix m = TopDownGeometry.affine(cs(c.get("center"), c.get("scale")), c.get("rotation").asDouble(), 288, 384, false);
      float[] joints = PoseReference.floats(c.get("joints"));
      float[] vis = PoseReference.floats(c.get("visible"));
      for (int k = 0; k < 17; k++) {
        if (vis[k] > 0) {
          TopDownGeometry.transformJoint(m, joints, k);
        }
      }
      assertThat(joints).containsExactly(PoseReference.floats(c.get("out_joints")));
    }
  }

  @Test
  void trainingPipelineMatchesTheReleaseStepByStep() throws Exception {
    BufferedImage src = ImageIO.read(PoseReference.file("warp/source_smooth.png").toFile());
    ImageNormalization norm = ImageNormalization.imagenet();
    for (JsonNode c : REF.get("train_pipeline")) {
      PersonInstance p = new PersonInstance(Path.of("x.png"), 1, cs(c.get("center"), c.get("scale")),
          new double[] {0, 0, 1, 1}, PoseReference.floats(c.get("joints")), PoseReference.floats(c.get("visible")), 1, 0);
      ScriptedRandom rng = new ScriptedRandom(c.get("uniforms"), c.get("normals"));
      TopDownSample s = TopDownTrainTransform.release().apply(src, p, rng);
      assertThat(rng.exhausted()).isTrue();
      assertThat(s.flipped()).isEqualTo(c.get("flipped").asBoolean());
      assertThat(s.box()).isEqualTo(cs(c.get("out_center"), c.get("out_scale")));
      assertThat(s.rotation()).isEqualTo(c.get("rotation").asDouble());
      float[] wantJoints = PoseReference.floats(c.get("out_joints"));
      for (int i = 0; i < wantJoints.length; i++) {
        assertThat(s.joints()[i]).isEqualTo(wantJoints[i] + 0f);
      }
      assertThat(s.visible()).containsExactly(PoseReference.floats(c.get("out_visible")));
      BufferedImage want = ImageIO.read(PoseReference.file("warp/" + c.get("image").asText()).toFile());
      int[] px = want.getRGB(0, 0, 288, 384, null, 0, 288);
      PoseReference.assertBitEqual(s.image(), TopDownTestTransform.normalise(px, 288, 384, norm), "image");
      assertThat(s.targetWeight()).containsExactly(PoseReference.floats(c.get("target_weight")));
      PoseReference.assertBitEqual(s.target(), HeatmapTargetTest.dense(c, 17 * 96 * 72), "target");
    }
  }

  @Test
  void normalisationEqualsToTensorAndNormalize() {
    float[] want = PoseReference.floats(REF.get("normalize"));
    ImageNormalization norm = ImageNormalization.imagenet();
    for (int ch = 0; ch < 3; ch++) {
      for (int v = 0; v < 256; v++) {
        assertThat(norm.apply(ch, v)).isEqualTo(want[ch * 256 + v]);
      }
    }
  }
}
