package io.solider.tasks.detection.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The boxes one CityPersons image contributes to training, as the release's
 * {@code CocoCSPORIDataset._parse_ann_info} builds them: annotations with the {@code ignore} flag
 * are dropped altogether, so are boxes narrower or shorter than 1 pixel; {@code iscrowd} ones become
 * ignore regions; corners {@code [x, y, x + w − 1, y + h − 1]} rounded to float32.
 *
 * @param people {@code n × 4} pedestrian corners
 * @param ignores {@code m × 4} ignore-region corners
 */
public record CspBoxes(float[] people, float[] ignores) {

  /** The training boxes of {@code image}. */
  public static CspBoxes of(DetectionImage image) {
    List<float[]> people = new ArrayList<>();
    List<float[]> ignores = new ArrayList<>();
    for (PedestrianBox p : image.boxes()) {
      if (p.ignore()) {
        continue;
      }
      double[] b = p.box();
      if (b[2] < 1 || b[3] < 1) {
        continue;
      }
      float[] corners = {(float) b[0], (float) b[1], (float) (b[0] + b[2] - 1), (float) (b[1] + b[3] - 1)};
      (p.crowd() ? ignores : people).add(corners);
    }
    return new CspBoxes(flatten(people), flatten(ignores));
  }

  private static float[] flatten(List<float[]> boxes) {
    float[] out = new float[4 * boxes.size()];
    for (int i = 0; i < boxes.size(); i++) {
      System.arraycopy(boxes.get(i), 0, out, 4 * i, 4);
    }
    return out;
  }
}
