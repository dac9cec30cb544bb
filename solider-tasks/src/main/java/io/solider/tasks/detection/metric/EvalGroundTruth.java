package io.solider.tasks.detection.metric;

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
}
