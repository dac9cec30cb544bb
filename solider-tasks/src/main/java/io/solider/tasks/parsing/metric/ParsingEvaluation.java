package io.solider.tasks.parsing.metric;

import io.solider.nn.train.Evaluation;
import io.solider.tasks.common.NumpySum;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pixel accuracy, mean accuracy, mean IoU and per-class IoU, in percent, computed from a {@link
 * ConfusionMatrix} with the formulas of the release's {@code compute_mean_ioU} (SCHP
 * {@code utils/miou.py}), in the same floating-point order:
 *
 * <pre>
 * pos = row sums (GT), res = column sums (predictions), tp = diagonal
 * pixel_accuracy = tp.sum() / pos.sum() · 100                 (NaN when every GT pixel is 255)
 * mean_accuracy  = mean(tp / max(1, pos)) · 100
 * IoU            = tp / max(1, pos + res − tp) · 100;  mIoU = mean(IoU)
 * </pre>
 *
 * <p>The means run over all classes: a class absent from both GT and prediction counts as 0.
 *
 * @param pixelAccuracy percent (NaN when there is no evaluated pixel)
 * @param meanAccuracy percent
 * @param meanIoU percent
 * @param perClassIoU percent, one per class
 * @param images images that went into the matrix
 */
public record ParsingEvaluation(double pixelAccuracy, double meanAccuracy, double meanIoU, double[] perClassIoU,
    int images) implements Evaluation {

  public ParsingEvaluation {
    perClassIoU = perClassIoU.clone();
  }

  @Override
  public double[] perClassIoU() {
    return perClassIoU.clone();
  }

  /** The metrics of {@code m} over {@code images} images. */
  public static ParsingEvaluation of(ConfusionMatrix m, int images) {
    int n = m.classes();
    double[] pos = new double[n];
    double[] res = new double[n];
    double[] tp = new double[n];
    for (int g = 0; g < n; g++) {
      for (int p = 0; p < n; p++) {
        double c = m.count(g, p);
        pos[g] += c;
        res[p] += c;
      }
      tp[g] = m.count(g, g);
    }
    double pixelAccuracy = (NumpySum.sum(tp) / NumpySum.sum(pos)) * 100;
    double[] acc = new double[n];
    double[] iou = new double[n];
    for (int c = 0; c < n; c++) {
      acc[c] = tp[c] / Math.max(1.0, pos[c]);
      iou[c] = tp[c] / Math.max(1.0, pos[c] + res[c] - tp[c]) * 100;
    }
    return new ParsingEvaluation(pixelAccuracy, NumpySum.mean(acc) * 100, NumpySum.mean(iou), iou, images);
  }

  /**
   * {@code pixel_accuracy}, {@code mean_accuracy}, {@code mIoU} and {@code per_class_IoU} (one per
   * class), all in percent; an undefined value (NaN) is written as null.
   */
  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pixel_accuracy", finite(pixelAccuracy));
    m.put("mean_accuracy", finite(meanAccuracy));
    m.put("mIoU", finite(meanIoU));
    List<Object> per = new ArrayList<>();
    for (double v : perClassIoU) {
      per.add(finite(v));
    }
    m.put("per_class_IoU", per);
    return m;
  }

  @Override
  public String summary() {
    return String.format("mIoU %.2f%%, pixel accuracy %.2f%%, mean accuracy %.2f%% (%d images, %d classes)",
        meanIoU, pixelAccuracy, meanAccuracy, images, perClassIoU.length);
  }

  private static Double finite(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
