package io.solider.tasks.pose.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.common.CocoJson;
import io.solider.tasks.common.DatasetFormatException;
import io.solider.tasks.common.JsonFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The people a top-down run crops, built as mmpose's {@code TopDownCocoDataset} builds its samples:
 * from the ground truth ({@code _load_coco_keypoint_annotations}) or from a detector's boxes
 * ({@code _load_coco_person_detection_results}).
 */
public final class PersonInstances {

  private static final Logger log = LoggerFactory.getLogger(PersonInstances.class);

  private PersonInstances() {}

  /**
   * GT people, test mode (no centre jitter). Per image in file order: crowd annotations are skipped;
   * each box is clipped to the image ({@code x1 = max(0, x)}, {@code x2 = min(W − 1, x1 + max(0, w − 1))},
   * likewise y) and kept if {@code x2 > x1}, {@code y2 > y1} and the area (when given) is positive;
   * people whose keypoints are all 0 or with {@code num_keypoints} = 0 are skipped.
   *
   * @param aspectRatio input width / height (0.75 for 288×384)
   */
  public static List<PersonInstance> fromGroundTruth(CocoKeypoints.Split split, double aspectRatio) {
    return fromGroundTruth(split, aspectRatio, null);
  }

  /**
   * GT people in training mode: each centre is jittered once, here, as the release does when its
   * data set loads ({@link CenterScale#fromBoxJittered}); draws are taken in sample order.
   */
  public static List<PersonInstance> fromGroundTruthJittered(CocoKeypoints.Split split, double aspectRatio,
      RandomGenerator rng) {
    return fromGroundTruth(split, aspectRatio, rng);
  }

  private static List<PersonInstance> fromGroundTruth(CocoKeypoints.Split split, double aspectRatio,
      RandomGenerator rng) {
    List<PersonInstance> out = new ArrayList<>();
    long image = Long.MIN_VALUE;
    int boxId = 0;
    for (PoseSample p : split.people()) {
      if (p.imageId() != image) {
        image = p.imageId();
        boxId = 0;
      }
      if (p.crowd()) {
        continue;
      }
      double[] b = p.bbox();
      double x1 = Math.max(0, b[0]);
      double y1 = Math.max(0, b[1]);
      double x2 = Math.min(p.imageWidth() - 1, x1 + Math.max(0, b[2] - 1));
      double y2 = Math.min(p.imageHeight() - 1, y1 + Math.max(0, b[3] - 1));
      boolean areaOk = Double.isNaN(p.area()) || p.area() > 0;
      if (!(areaOk && x2 > x1 && y2 > y1)) {
        continue;
      }
      double[] kp = p.keypoints();
      double max = Double.NEGATIVE_INFINITY;
      for (double v : kp) {
        max = Math.max(max, v);
      }
      if (max == 0 || p.numKeypoints() == 0) {
        continue;
      }
      double w = x2 - x1;
      double h = y2 - y1;
      CenterScale cs = rng == null ? CenterScale.fromBox(x1, y1, w, h, aspectRatio, CenterScale.PADDING)
          : CenterScale.fromBoxJittered(x1, y1, w, h, aspectRatio, CenterScale.PADDING, rng);
      float[] joints = new float[2 * CocoJoints.COUNT];
      float[] visible = new float[CocoJoints.COUNT];
      for (int k = 0; k < CocoJoints.COUNT; k++) {
        joints[2 * k] = (float) kp[3 * k];
        joints[2 * k + 1] = (float) kp[3 * k + 1];
        visible[k] = (float) Math.min(1, kp[3 * k + 2]);
      }
      out.add(new PersonInstance(p.image(), p.imageId(), cs, new double[] {x1, y1, w, h}, joints, visible, 1,
          boxId++));
    }
    log.info("{}: {} people with keypoints to crop", split.name(), out.size());
    return out;
  }

  /**
   * People from a detector's boxes: a COCO results list of {@code image_id}, {@code category_id},
   * {@code bbox} (x, y, w, h) and {@code score}. Boxes of categories other than 1 and boxes scored
   * below {@code threshold} are dropped (the release's {@code det_bbox_thr} is 0); an empty file is
   * an error, as in the release, and so is a box on an image the ground truth does not list.
   *
   * @param files the ground truth's images (id → file)
   */
  public static List<PersonInstance> fromDetections(Path file, Map<Long, Path> files, double aspectRatio,
      double threshold) throws DatasetFormatException {
    List<JsonNode> dets = CocoJson.readResults(file);
    if (dets.isEmpty()) {
      throw new DatasetFormatException(file, "no detection boxes in the file");
    }
    List<PersonInstance> out = new ArrayList<>();
    float[] noJoints = new float[2 * CocoJoints.COUNT];
    float[] allVisible = new float[CocoJoints.COUNT];
    java.util.Arrays.fill(allVisible, 1f);
    int boxId = 0;
    for (int i = 0; i < dets.size(); i++) {
      String path = "results[" + i + "]";
      JsonNode d = dets.get(i);
      if (CocoJson.id(d, "category_id", path, file) != 1) {
        continue;
      }
      long image = CocoJson.id(d, "image_id", path, file);
      Path img = files.get(image);
      if (img == null) {
        throw new DatasetFormatException(file, path + ".image_id: image " + image + " is not in the ground truth");
      }
      double[] b = JsonFiles.finiteNumbers(d, "bbox", 4, path, file);
      double score = JsonFiles.finite(d, "score", path, file);
      if (score < threshold) {
        continue;
      }
      out.add(new PersonInstance(img, image, CenterScale.fromBox(b[0], b[1], b[2], b[3], aspectRatio,
          CenterScale.PADDING), b, noJoints, allVisible, score, boxId++));
    }
    log.info("{}: {} of {} boxes are people scored at least {}", file, out.size(), dets.size(), threshold);
    return out;
  }
}
