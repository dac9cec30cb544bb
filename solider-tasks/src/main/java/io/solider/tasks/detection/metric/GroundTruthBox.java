package io.solider.tasks.detection.metric;

/**
 * One annotation of the evaluation ground truth, with the fields the release reads.
 *
 * @param id annotation id ({@code id}); 0 is allowed but a detection matched to it counts as a
 *     false positive, as in the release (the match is stored as the id and 0 means "none")
 * @param imageId {@code image_id}
 * @param categoryId {@code category_id}; only category 1 is evaluated
 * @param x box left ({@code bbox[0]})
 * @param y box top
 * @param w box width
 * @param h box height
 * @param height the {@code height} field the setups filter on (CityPersons: the full-body height)
 * @param visRatio {@code vis_ratio}
 * @param ignore the {@code ignore} value (0 when absent; booleans as 0/1); any non-zero value makes
 *     the person an ignore region, and its integer part decides whether its IoU is taken over the
 *     detection's area
 */
public record GroundTruthBox(double id, double imageId, double categoryId, double x, double y, double w, double h,
    double height, double visRatio, double ignore) {}
