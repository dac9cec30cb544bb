package io.solider.tasks.parsing.metric;

import io.solider.nn.progress.ProgressLog;
import io.solider.tasks.common.DatasetFormatException;
import io.solider.tasks.parsing.data.LabelPng;
import io.solider.tasks.parsing.data.PartMask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates predicted label PNGs against ground-truth PNGs as the release's {@code
 * compute_mean_ioU} does: every {@code *.png} directly in the GT folder against the file of the
 * same name in the prediction folder, labels read as raw samples ({@link LabelPng}), GT 255
 * ignored, one confusion matrix over all images.
 */
public final class ParsingEvaluator {

  private static final Logger log = LoggerFactory.getLogger(ParsingEvaluator.class);

  private final int classes;

  /** An evaluator for {@code classes} classes (LIP: 20). */
  public ParsingEvaluator(int classes) {
    if (classes < 1 || classes > 256) {
      throw new IllegalArgumentException("number of classes must be in 1..256, got " + classes);
    }
    this.classes = classes;
  }

  /**
   * Evaluates the predictions in {@code predDir} against the ground truth in {@code gtDir}.
   *
   * @throws DatasetFormatException if the GT folder has no PNG, a prediction is missing or has
   *     another size than its GT, or a file is not an accepted label PNG (the message names it)
   */
  public ParsingEvaluation evaluateFolders(Path gtDir, Path predDir) throws IOException {
    DatasetFormatException.requireDirectory(gtDir, "ground-truth PNGs");
    DatasetFormatException.requireDirectory(predDir, "predicted PNGs");
    List<Path> gts = pngs(gtDir);
    if (gts.isEmpty()) {
      throw new DatasetFormatException(gtDir, "no *.png ground-truth file in this folder");
    }
    ConfusionMatrix m = new ConfusionMatrix(classes);
    ProgressLog progress = ProgressLog.every10s(log, "parsing-eval", "images", gts.size());
    for (Path gtFile : gts) {
      Path predFile = predDir.resolve(gtFile.getFileName().toString());
      if (!Files.isRegularFile(predFile)) {
        throw new DatasetFormatException(predFile, "missing prediction for ground truth " + gtFile);
      }
      PartMask gt = LabelPng.read(gtFile);
      PartMask pred = LabelPng.read(predFile);
      if (gt.width() != pred.width() || gt.height() != pred.height()) {
        throw new DatasetFormatException(predFile, "prediction is " + pred.width() + "×" + pred.height()
            + " but its ground truth " + gtFile.getFileName() + " is " + gt.width() + "×" + gt.height());
      }
      m.add(gt.labels(), pred.labels());
      progress.advance(1);
    }
    return ParsingEvaluation.of(m, gts.size());
  }

  /** The {@code *.png} files directly in {@code dir}, sorted by name. */
  static List<Path> pngs(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".png") && Files.isRegularFile(p)).sorted().toList();
    }
  }
}
