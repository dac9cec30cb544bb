package io.solider.ssl.loss;

import io.solider.nn.train.Schedules;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * DINO's self-distillation loss with its state, as the release's {@code DINOLoss}: the teacher
 * outputs are centred and sharpened, {@code q = softmax((t − center)/τ_t)}, the student's are
 * {@code log_softmax(s/τ_s)}, and the loss is the cross-entropy {@code −Σ_k q·log p} averaged
 * over the batch and over every (teacher view iq ∈ {0, 1}, student view v ≠ iq) pair. After each
 * step {@link #updateCenter} moves the center towards the teacher batch mean.
 *
 * <p>Rows are crop-major: student rows {@code [c·B, (c+1)·B)} are crop c (2 global, then the
 * local crops); teacher rows are the 2 global crops. The center is float32 like the release's
 * buffer; the loss is computed in double precision.
 *
 * <p>Not thread-safe: one instance per training run; its center is checkpointed.
 */
public final class DinoLoss {

  private final DinoLossConfig config;
  private final double[] teacherTemperature;
  private INDArray center;

  public DinoLoss(DinoLossConfig config) {
    this.config = config;
    this.teacherTemperature = Schedules.linearWarmupThenConstant(config.warmupTeacherTemp(), config.teacherTemp(),
        config.warmupTeacherTempEpochs(), config.epochs());
    this.center = Nd4j.zeros(DataType.FLOAT, 1, config.outDim());
  }

  public DinoLossConfig config() {
    return config;
  }

  /** The teacher temperature of {@code epoch}. */
  public double teacherTemperature(int epoch) {
    return teacherTemperature[epoch];
  }

  /** The current center (1, K), float32; a copy. */
  public INDArray center() {
    return center.dup();
  }

  /** Restores the center (from a checkpoint). */
  public void setCenter(INDArray c) {
    if (c.length() != config.outDim()) {
      throw new IllegalArgumentException("center has " + c.length() + " values, the loss has out dim " + config.outDim());
    }
    this.center = c.reshape(1, config.outDim()).castTo(DataType.FLOAT).dup();
  }

  /** {@code softmax((t − center)/τ_t(epoch))} of the teacher outputs (2B, K), in double precision. */
  public INDArray teacherProbabilities(INDArray teacherOutput, int epoch) {
    checkTeacher(teacherOutput);
    INDArray t = teacherOutput.castTo(DataType.DOUBLE).subRowVector(center.castTo(DataType.DOUBLE).reshape(-1))
        .divi(teacherTemperature[epoch]);
    return softmaxRows(t);
  }

  /**
   * Per student row, the teacher distribution it is pulled towards, already divided by
   * (B · number of pairs): the loss is {@code −Σ targets ⊙ log_softmax(s/τ_s)}. Row block v is
   * the sum of the teacher views iq ∈ {0, 1} with iq ≠ v. This is what the student graph's
   * target placeholder receives.
   *
   * @return (ncrops·B, K) float32
   */
  public INDArray targets(INDArray teacherOutput, int epoch) {
    INDArray q = teacherProbabilities(teacherOutput, epoch);
    int b = batch(teacherOutput);
    int crops = config.ncrops();
    INDArray q0 = q.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, b),
        org.nd4j.linalg.indexing.NDArrayIndex.all());
    INDArray q1 = q.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(b, 2 * b),
        org.nd4j.linalg.indexing.NDArrayIndex.all());
    INDArray both = q0.add(q1);
    INDArray out = Nd4j.create(DataType.DOUBLE, (long) crops * b, config.outDim());
    for (int v = 0; v < crops; v++) {
      INDArray block = v == 0 ? q1 : v == 1 ? q0 : both;
      out.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(v * b, (v + 1) * b),
          org.nd4j.linalg.indexing.NDArrayIndex.all()).assign(block);
    }
    out.divi((double) b * pairCount());
    return out.castTo(DataType.FLOAT);
  }

  /** Number of (teacher view, student view) pairs with different views: 2·ncrops − 2. */
  public int pairCount() {
    return 2 * config.ncrops() - 2;
  }

  /**
   * The loss value, computed here in double precision (the student graph computes the same
   * quantity from {@link #targets}). Does not touch the center.
   *
   * @param studentOutput (ncrops·B, K) student head outputs, crop-major
   * @param teacherOutput (2·B, K) teacher head outputs of the 2 global crops
   */
  public double loss(INDArray studentOutput, INDArray teacherOutput, int epoch) {
    checkTeacher(teacherOutput);
    int b = batch(teacherOutput);
    if (studentOutput.size(0) != (long) config.ncrops() * b || studentOutput.size(1) != config.outDim()) {
      throw new IllegalArgumentException("student output must be (" + config.ncrops() * b + ", " + config.outDim()
          + "), got " + java.util.Arrays.toString(studentOutput.shape()));
    }
    INDArray logp = logSoftmaxRows(studentOutput.castTo(DataType.DOUBLE).div(config.studentTemp()));
    INDArray q = teacherProbabilities(teacherOutput, epoch);
    double total = 0;
    for (int iq = 0; iq < 2; iq++) {
      INDArray qi = q.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(iq * b, (iq + 1) * b),
          org.nd4j.linalg.indexing.NDArrayIndex.all());
      for (int v = 0; v < config.ncrops(); v++) {
        if (v == iq) {
          continue;
        }
        INDArray lv = logp.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(v * b, (v + 1) * b),
            org.nd4j.linalg.indexing.NDArrayIndex.all());
        total += -qi.mul(lv).sumNumber().doubleValue() / b;
      }
    }
    return total / pairCount();
  }

  /** {@code center ← m·center + (1 − m)·mean(teacher outputs)} over all 2B rows (no gradient). */
  public void updateCenter(INDArray teacherOutput) {
    checkTeacher(teacherOutput);
    INDArray batchCenter = teacherOutput.castTo(DataType.FLOAT).sum(true, 0).divi(teacherOutput.size(0));
    double m = config.centerMomentum();
    center = center.mul(m).addi(batchCenter.muli(1 - m));
  }

  private void checkTeacher(INDArray teacherOutput) {
    if (teacherOutput.rank() != 2 || teacherOutput.size(1) != config.outDim() || teacherOutput.size(0) % 2 != 0) {
      throw new IllegalArgumentException("teacher output must be (2·B, " + config.outDim() + "), got "
          + java.util.Arrays.toString(teacherOutput.shape()));
    }
  }

  private static int batch(INDArray teacherOutput) {
    return (int) (teacherOutput.size(0) / 2);
  }

  /** Row-wise softmax, max-shifted. */
  static INDArray softmaxRows(INDArray x) {
    INDArray shifted = x.subColumnVector(x.max(1));
    INDArray e = Transforms.exp(shifted, false);
    return e.diviColumnVector(e.sum(1));
  }

  /** Row-wise log-softmax, max-shifted. */
  static INDArray logSoftmaxRows(INDArray x) {
    INDArray shifted = x.subColumnVector(x.max(1));
    INDArray lse = Transforms.log(Transforms.exp(shifted, true).sum(1), false);
    return shifted.subiColumnVector(lse);
  }
}
