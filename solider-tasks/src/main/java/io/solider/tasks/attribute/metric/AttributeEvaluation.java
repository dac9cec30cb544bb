package io.solider.tasks.attribute.metric;

import io.solider.nn.train.Evaluation;
import io.solider.tasks.common.NumpySum;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pedestrian-attribute metrics as the release's {@code get_pedestrian_metrics} computes them.
 * The JSON (fractions) has exactly the keys of {@code attr-eval}: {@code mA}, the instance metrics,
 * the means over attributes of label F1 and of the positive and negative recalls (NumPy's
 * {@code np.mean}, as the release's train.py prints them), then the per-attribute arrays.
 *
 * @param mA mean over attributes of (positive recall + negative recall) / 2
 * @param instance per-image metrics
 * @param labels per-attribute metrics
 */
public record AttributeEvaluation(double mA, InstanceMetrics instance, LabelMetrics labels) implements Evaluation {

  /** Mean of the per-attribute F1. */
  public double meanLabelF1() {
    return NumpySum.mean(labels.f1());
  }

  /** Mean of the per-attribute positive recall. */
  public double meanLabelPosRecall() {
    return NumpySum.mean(labels.posRecall());
  }

  /** Mean of the per-attribute negative recall. */
  public double meanLabelNegRecall() {
    return NumpySum.mean(labels.negRecall());
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("mA", mA);
    json.put("instance_acc", instance.acc());
    json.put("instance_prec", instance.prec());
    json.put("instance_recall", instance.recall());
    json.put("instance_f1", instance.f1());
    json.put("mean_label_f1", meanLabelF1());
    json.put("mean_label_pos_recall", meanLabelPosRecall());
    json.put("mean_label_neg_recall", meanLabelNegRecall());
    json.put("label_acc", labels.acc());
    json.put("label_ma", labels.ma());
    json.put("label_pos_recall", labels.posRecall());
    json.put("label_neg_recall", labels.negRecall());
    json.put("label_prec", labels.prec());
    json.put("label_f1", labels.f1());
    json.put("error_num", labels.errors());
    json.put("fn_num", labels.falseNegatives());
    json.put("fp_num", labels.falsePositives());
    return json;
  }

  @Override
  public String summary() {
    return String.format("mA %.2f%%, instance acc %.2f%% prec %.2f%% recall %.2f%% F1 %.2f%% (%d attributes)",
        100 * mA, 100 * instance.acc(), 100 * instance.prec(), 100 * instance.recall(), 100 * instance.f1(),
        labels.attributes());
  }

  @Override
  public String toString() {
    return summary();
  }
}
