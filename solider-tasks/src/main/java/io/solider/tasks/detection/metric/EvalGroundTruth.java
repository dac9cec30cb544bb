package io.solider.tasks.detection.metric;

import io.solider.tasks.detection.data.DetectionImage;
import io.solider.tasks.detection.data.PedestrianBox;
import java.util.ArrayList;
import java.util.List;

/**
 * The ground truth of a CityPersons evaluation as the release's {@code COCO} class holds it.
 *
 * @param imageIds {@code images[].id} in file order (repeats allowed; they count once)
 * @param categoryIds {@code categories[].id}; only category 1 is evaluated, and nothing is when
 *     1 is not listed
 * @param annotations every annotation in file order
 */
public record EvalGroundTruth(List<Double> imageIds, List<Double> categoryIds, List<GroundTruthBox> annotations) {

  public EvalGroundTruth {
    imageIds = List.copyOf(imageIds);
    categoryIds = List.copyOf(categoryIds);
    annotations = List.copyOf(annotations);
  }

  /**
   * The ground truth of images read with {@code CityPersons.read}: their ids, category 1, and per
   * pedestrian an annotation numbered from 1 in reading order with its box, {@code height},
   * {@code vis_ratio} and {@code ignore} flag ({@code iscrowd} plays no part in the evaluation).
   * For a CityPersons file this gives the same numbers as reading the file itself
   * ({@link DetectionJson#cityPersonsGroundTruth}).
   */
  public static EvalGroundTruth of(List<DetectionImage> images) {
    List<Double> ids = new ArrayList<>();
    List<GroundTruthBox> anns = new ArrayList<>();
    for (DetectionImage img : images) {
      ids.add((double) img.id());
      for (PedestrianBox p : img.boxes()) {
        double[] b = p.box();
        anns.add(new GroundTruthBox(anns.size() + 1, img.id(), 1, b[0], b[1], b[2], b[3], p.height(), p.visRatio(),
            p.ignore() ? 1 : 0));
      }
    }
    return new EvalGroundTruth(ids, List.of(1.0), anns);
  }
}
