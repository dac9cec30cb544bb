package io.solider.tasks.synth;

import java.awt.geom.Rectangle2D;

/**
 * One person as drawn on a {@link Canvas}.
 *
 * @param instance 1-based instance id in the canvas truth
 * @param box full-body box of everything drawn (may extend past the canvas)
 * @param joints 17 COCO keypoint positions (x, y) in canvas pixels
 * @param hidden keypoints hidden by the person's own body (e.g. the face seen from the back)
 */
record DrawnPerson(int instance, Rectangle2D box, double[][] joints, boolean[] hidden) {

  /**
   * COCO keypoints as (x, y, v) triples after everything has been drawn: v = 2 when the point is
   * on this person's visible pixels, 1 when it is in the picture but covered, 0 (x = y = 0) when
   * outside the picture. Coordinates are rounded to 1/100 px.
   */
  double[] keypoints(Canvas c) {
    double[] k = new double[51];
    for (int i = 0; i < 17; i++) {
      double x = joints[i][0];
      double y = joints[i][1];
      int px = (int) Math.floor(x);
      int py = (int) Math.floor(y);
      if (px < 0 || py < 0 || px >= c.width || py >= c.height) {
        continue;
      }
      k[3 * i] = Math.round(x * 100) / 100.0;
      k[3 * i + 1] = Math.round(y * 100) / 100.0;
      k[3 * i + 2] = !hidden[i] && c.instance(px, py) == instance ? 2 : 1;
    }
    return k;
  }
}
