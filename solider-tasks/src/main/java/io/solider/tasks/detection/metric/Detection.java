package io.solider.tasks.detection.metric;

/**
 * One detection in the COCO results format.
 *
 * @param imageId {@code image_id}
 * @param categoryId {@code category_id} (pedestrians: 1)
 * @param x box left ({@code bbox[0]})
 * @param y box top
 * @param w box width
 * @param h box height
 * @param score confidence
 */
public record Detection(double imageId, double categoryId, double x, double y, double w, double h, double score) {

  /**
   * A category-1 detection from float32 corners {@code x1, y1, x2, y2}, as the release's
   * {@code test_city_person.py} writes it: width {@code x2 − x1} and height {@code y2 − y1} in float32,
   * no +1.
   */
  public static Detection fromCorners(double imageId, float x1, float y1, float x2, float y2, float score) {
    return new Detection(imageId, 1, x1, y1, x2 - x1, y2 - y1, score);
  }
}
