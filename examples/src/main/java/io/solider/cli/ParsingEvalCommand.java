package io.solider.cli;

import io.solider.nn.io.JsonFile;
import io.solider.tasks.parsing.metric.ParsingEvaluation;
import io.solider.tasks.parsing.metric.ParsingEvaluator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code solider parsing-eval}: mIoU of predicted label PNGs against ground-truth PNGs. */
@Command(
    name = "parsing-eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluates human parsing predictions with the release's protocol (SCHP compute_mean_ioU): every *.png in the "
          + "GT folder against the file of the same name in the prediction folder (8-bit grayscale or palette PNGs; "
          + "the value or palette index is the label), GT 255 ignored, one confusion matrix over all images. Writes "
          + "pixel_accuracy, mean_accuracy, mIoU and per_class_IoU in percent."
    })
final class ParsingEvalCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ParsingEvalCommand.class);

  @Option(names = "--gt-dir", required = true, paramLabel = "DIR",
      description = "Ground-truth label PNGs (LIP: val_segmentations).")
  Path gtDir;

  @Option(names = "--pred-dir", required = true, paramLabel = "DIR",
      description = "Predicted label PNGs, one per GT file with the same name and size.")
  Path predDir;

  @Option(names = "--num-classes", paramLabel = "N", defaultValue = "20",
      description = "Number of classes (1-256). Default: ${DEFAULT-VALUE} (LIP).")
  int numClasses;

  @Option(names = "--output", required = true, paramLabel = "FILE",
      description = "Metrics JSON: pixel_accuracy, mean_accuracy, mIoU, per_class_IoU (percent; null where undefined).")
  Path output;

  @Override
  public Integer call() throws Exception {
    if (numClasses < 1 || numClasses > 256) {
      throw new IllegalArgumentException("--num-classes must be in 1..256, got " + numClasses);
    }
    long t0 = System.nanoTime();
    ParsingEvaluation e = new ParsingEvaluator(numClasses).evaluateFolders(gtDir, predDir);
    JsonFile.write(e.toJson(), output);
    if (Double.isNaN(e.pixelAccuracy())) {
      log.warn("every ground-truth pixel is 255 (ignored): pixel accuracy is undefined (null)");
    }
    log.info("{} in {} s; wrote {}", e.summary(), String.format("%.1f", (System.nanoTime() - t0) / 1e9), output);
    return 0;
  }
}
