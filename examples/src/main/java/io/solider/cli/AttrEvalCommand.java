package io.solider.cli;

import io.solider.cli.options.OutputPaths;
import io.solider.nn.io.JsonFile;
import io.solider.tasks.attribute.metric.AttributeEvaluation;
import io.solider.tasks.attribute.metric.AttributeEvaluator;
import io.solider.tasks.attribute.metric.AttributeScoreFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code solider attr-eval}: the release's pedestrian-attribute metrics of probabilities computed anywhere. */
@Command(
    name = "attr-eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluates attribute probabilities as the release's get_pedestrian_metrics does: an attribute is predicted "
          + "when prob > threshold; mA (mean of positive and negative recall), instance accuracy, precision, recall "
          + "and F1, and per-attribute metrics, every ratio with eps 1e-20. Writes a JSON file of fractions."
    })
final class AttrEvalCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(AttrEvalCommand.class);

  @Option(names = "--probs", required = true, paramLabel = "P.npy",
      description = "Probabilities (sigmoid outputs), an (N images, A attributes) float32 or float64 .npy array.")
  Path probs;

  @Option(names = "--labels", required = true, paramLabel = "L.npy",
      description = "Ground truth, an (N, A) .npy array of 0/1 (integer, boolean or float).")
  Path labels;

  @Option(names = "--threshold", paramLabel = "T", defaultValue = "0.5",
      description = "An attribute is predicted when its probability is strictly above T. Default: ${DEFAULT-VALUE}.")
  double threshold = AttributeEvaluator.DEFAULT_THRESHOLD;

  @Option(names = "--strict-labels",
      description = "Reject labels other than 0 and 1. Default: keep them and evaluate as the release does "
          + "(neither positive nor negative for their attribute, not positive per image), with a warning.")
  boolean strictLabels;

  @Option(names = "--output", required = true, converter = OutputPaths.File.class, paramLabel = "FILE",
      description = "Metrics JSON: mA, instance_acc, instance_prec, instance_recall, instance_f1, mean_label_f1, "
          + "mean_label_pos_recall, mean_label_neg_recall and per attribute label_acc, label_ma, label_pos_recall, "
          + "label_neg_recall, label_prec, label_f1, error_num, fn_num, fp_num.")
  Path output;

  @Override
  public Integer call() throws Exception {
    AttributeScoreFiles.Inputs in = AttributeScoreFiles.read(probs, labels, threshold, strictLabels);
    AttributeEvaluation e = new AttributeEvaluator().evaluate(in.predicted(), in.labels(), in.attributes());
    JsonFile.write(e.toJson(), output);
    log.info("{} images: {}; wrote {}", in.samples(), e.summary(), output);
    return 0;
  }
}
