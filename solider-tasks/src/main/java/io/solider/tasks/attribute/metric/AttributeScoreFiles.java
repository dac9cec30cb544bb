package io.solider.tasks.attribute.metric;

import io.solider.nn.io.Npy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the two {@code .npy} matrices {@code attr-eval} takes and checks them, naming the file
 * and the entry at fault: probabilities (N, A) float32 or float64, finite, in [0, 1]; labels
 * (N, A) of any integer, boolean or float type, finite. Labels other than 0 and 1 are kept and
 * evaluated as the release does (see {@link AttributeEvaluator}); with {@code strictLabels} they
 * are an error instead.
 */
public final class AttributeScoreFiles {

  private static final Logger log = LoggerFactory.getLogger(AttributeScoreFiles.class);

  /** Largest matrix accepted (entries), far above PA-100K's 10,000 × 26 test set. */
  static final long MAX_ENTRIES = 200_000_000L;
  private static final int HEADER_BYTES = 1 << 16;

  private AttributeScoreFiles() {}

  /**
   * Checked inputs of an evaluation.
   *
   * @param predicted (N, A) row-major {@code prob > threshold}
   * @param labels (N, A) row-major labels as float64
   * @param samples N
   * @param attributes A
   * @param otherLabels number of labels that are neither 0 nor 1
   */
  public record Inputs(boolean[] predicted, double[] labels, int samples, int attributes, long otherLabels) {}

  /** Reads, checks and thresholds the probabilities and reads the labels. */
  public static Inputs read(Path probs, Path labels, double threshold, boolean strictLabels) throws IOException {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
    }
    INDArray p = matrix(probs, "probabilities");
    INDArray l = matrix(labels, "labels");
    if (!Arrays.equals(p.shape(), l.shape())) {
      throw new IllegalArgumentException(probs + " has shape " + Arrays.toString(p.shape()) + " but " + labels
          + " has shape " + Arrays.toString(l.shape()) + "; both must be (N images, A attributes)");
    }
    int n = (int) p.size(0);
    int a = (int) p.size(1);
    boolean[] predicted = switch (p.dataType()) {
      case FLOAT -> {
        float[] v = p.data().asFloat();
        checkProbabilities(probs, v.length, i -> v[i], a);
        yield AttributeEvaluator.predict(v, threshold);
      }
      case DOUBLE -> {
        double[] v = p.data().asDouble();
        checkProbabilities(probs, v.length, i -> v[i], a);
        yield AttributeEvaluator.predict(v, threshold);
      }
      default -> throw new IllegalArgumentException(probs + ": probabilities must be float32 or float64, got "
          + p.dataType().toString().toLowerCase(java.util.Locale.ROOT));
    };
    double[] gt = l.dataType() == DataType.DOUBLE ? l.data().asDouble() : l.castTo(DataType.DOUBLE).data().asDouble();
    long other = checkLabels(labels, gt, a, strictLabels);
    return new Inputs(predicted, gt, n, a, other);
  }

  private static INDArray matrix(Path file, String what) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString());
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(HEADER_BYTES);
    }
    long[] shape = Npy.readHeader(ByteBuffer.wrap(head), file.toString()).shape();
    if (shape.length != 2 || shape[0] < 1 || shape[1] < 1) {
      throw new IllegalArgumentException(file + ": " + what + " must be a non-empty 2-D (N images, A attributes) "
          + "array, got shape " + Arrays.toString(shape));
    }
    if (shape[0] * shape[1] > MAX_ENTRIES) {
      throw new IllegalArgumentException(file + ": " + what + " of shape " + Arrays.toString(shape)
          + " exceed the limit of " + MAX_ENTRIES + " entries");
    }
    return Npy.read(file);
  }

  private interface Values {
    double get(int i);
  }

  private static void checkProbabilities(Path file, int length, Values v, int a) {
    for (int i = 0; i < length; i++) {
      double x = v.get(i);
      if (!(x >= 0 && x <= 1)) {
        throw new IllegalArgumentException(file + ": probability at image " + i / a + ", attribute " + i % a + " is " + x
            + ", expected a finite value in [0, 1] (pass sigmoid outputs, not logits)");
      }
    }
  }

  private static long checkLabels(Path file, double[] gt, int a, boolean strict) {
    long other = 0;
    int first = -1;
    for (int i = 0; i < gt.length; i++) {
      double x = gt[i];
      if (!Double.isFinite(x)) {
        throw new IllegalArgumentException(file + ": label at image " + i / a + ", attribute " + i % a + " is " + x
            + ", expected 0 or 1");
      }
      if (x != 0 && x != 1) {
        if (strict) {
          throw new IllegalArgumentException(file + ": label at image " + i / a + ", attribute " + i % a + " is " + x
              + ", expected 0 or 1 (without --strict-labels such labels count as neither positive nor negative, "
              + "as in the release)");
        }
        if (first < 0) {
          first = i;
        }
        other++;
      }
    }
    if (other > 0) {
      log.warn("{}: {} labels are neither 0 nor 1 (first at image {}, attribute {}: {}); as in the release they count "
          + "as neither positive nor negative for their attribute and as not positive per image", file, other,
          first / a, first % a, gt[first]);
    }
    return other;
  }
}
