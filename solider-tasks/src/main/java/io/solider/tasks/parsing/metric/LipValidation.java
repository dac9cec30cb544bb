package io.solider.tasks.parsing.metric;

import io.solider.nn.progress.ProgressLog;
import io.solider.tasks.common.ImageSource;
import io.solider.tasks.parsing.data.Lip;
import io.solider.tasks.parsing.data.ParsingSample;
import io.solider.tasks.parsing.data.PartMask;
import io.solider.tasks.parsing.head.ParsingPredictor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A parsing model evaluated on LIP images as evaluate.py does: each image parsed with the test
 * protocol ({@link ParsingPredictor}), its label map (at the image's size) counted against the
 * ground-truth mask in one {@link ConfusionMatrix}, the metrics of {@link ParsingEvaluation}.
 * Unreadable images are skipped with a warning (the release would stop); a mask that does not fit
 * its image is an error naming the file.
 */
public final class LipValidation {

  private static final Logger log = LoggerFactory.getLogger(LipValidation.class);

  private LipValidation() {}

  /** Called with each parsed image (for pictures). */
  @FunctionalInterface
  public interface Listener {
    void parsed(ParsingSample sample, BufferedImage image, PartMask truth, PartMask prediction) throws IOException;
  }

  /**
   * The metrics over {@code samples} at semantic weight λ.
   *
   * @param classes classes of the confusion matrix (LIP: 20)
   * @param listener called with every parsed image, or null
   */
  public static ParsingEvaluation evaluate(ParsingPredictor predictor, List<ParsingSample> samples, double lambda,
      int classes, ImageSource images, Listener listener) throws IOException {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no LIP images to evaluate");
    }
    ConfusionMatrix m = new ConfusionMatrix(classes);
    ProgressLog progress = ProgressLog.every10s(log, "parsing evaluation", "images", samples.size());
    int n = predictor.options().batchSize();
    int evaluated = 0;
    for (int from = 0; from < samples.size(); from += n) {
      List<ParsingSample> chunk = samples.subList(from, Math.min(samples.size(), from + n));
      List<ParsingSample> kept = new ArrayList<>();
      List<BufferedImage> loaded = new ArrayList<>();
      for (ParsingSample s : chunk) {
        Optional<BufferedImage> img = images.load(s.image());
        if (img.isPresent()) {
          kept.add(s);
          loaded.add(img.get());
        }
      }
      List<PartMask> predictions = predictor.predict(loaded, lambda);
      for (int i = 0; i < kept.size(); i++) {
        PartMask truth = Lip.readMask(kept.get(i));
        m.add(truth.labels(), predictions.get(i).labels());
        if (listener != null) {
          listener.parsed(kept.get(i), loaded.get(i), truth, predictions.get(i));
        }
      }
      evaluated += kept.size();
      progress.advance(chunk.size());
    }
    if (evaluated == 0) {
      throw new IllegalArgumentException("none of the " + samples.size() + " LIP images could be read");
    }
    return ParsingEvaluation.of(m, evaluated);
  }
}
