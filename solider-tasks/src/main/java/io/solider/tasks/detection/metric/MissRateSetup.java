package io.solider.tasks.detection.metric;

import java.util.List;

/**
 * One evaluation setup: which ground-truth people count (the others become ignore regions) and,
 * through the release's {@code expFilter} of 1.25, which detections are evaluated at all.
 * Both ranges are inclusive, as the release tests {@code value < min or value > max}.
 *
 * @param label the metrics key ({@code Reasonable}, {@code Reasonable_small}, …)
 * @param minHeight smallest counted height in pixels (the annotation's {@code height} field)
 * @param maxHeight largest counted height
 * @param minVisibility smallest counted {@code vis_ratio}
 * @param maxVisibility largest counted {@code vis_ratio}
 */
public record MissRateSetup(String label, double minHeight, double maxHeight, double minVisibility,
    double maxVisibility) {

  /** The release's detection height filter: {@code expFilter}. */
  public static final double EXP_FILTER = 1.25;

  /** "No upper limit" in the release: {@code 1e5 ** 2}. */
  public static final double NO_LIMIT = 1e10;

  /** The release's four setups (Params.setDetParams, {@code ecp=False}). */
  public static List<MissRateSetup> cityPersons() {
    return List.of(
        new MissRateSetup("Reasonable", 50, NO_LIMIT, 0.65, NO_LIMIT),
        new MissRateSetup("Reasonable_small", 50, 75, 0.65, NO_LIMIT),
        new MissRateSetup("Reasonable_occ=heavy", 50, NO_LIMIT, 0.2, 0.65),
        new MissRateSetup("All", 20, NO_LIMIT, 0.2, NO_LIMIT));
  }

  /** The same setups with the release's EuroCity Persons heights ({@code ecp=True}): 40, 30–60, 40, 20. */
  public static List<MissRateSetup> eurocityPersons() {
    return List.of(
        new MissRateSetup("Reasonable", 40, NO_LIMIT, 0.65, NO_LIMIT),
        new MissRateSetup("Reasonable_small", 30, 60, 0.65, NO_LIMIT),
        new MissRateSetup("Reasonable_occ=heavy", 40, NO_LIMIT, 0.2, 0.65),
        new MissRateSetup("All", 20, NO_LIMIT, 0.2, NO_LIMIT));
  }

  /** True when a person of this height and visibility counts (is not turned into an ignore region). */
  public boolean counts(double height, double visRatio) {
    return !(height < minHeight || height > maxHeight || visRatio < minVisibility || visRatio > maxVisibility);
  }

  /** True when a detection of this box height is evaluated: {@code min/1.25 ≤ h < max·1.25}. */
  public boolean evaluatesDetection(double boxHeight) {
    return boxHeight >= minHeight / EXP_FILTER && boxHeight < maxHeight * EXP_FILTER;
  }
}
