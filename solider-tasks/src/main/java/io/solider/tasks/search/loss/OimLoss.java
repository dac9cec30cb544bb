package io.solider.tasks.search.loss;

/**
 * Online Instance Matching as the release's {@code models/oim.py}, with its state: a look-up table
 * (LUT, one row per labelled identity) and a circular queue (CQ) of unlabelled embeddings, both
 * starting at zero.
 *
 * <p>Forward ({@link #compute}): the RoIs with a person label (pid ≥ 1; background 0 dropped) are
 * scored against every LUT and CQ row, logits = {@code scalar · x · [LUT; CQ]ᵀ}, and the loss is
 * the cross-entropy with target pid − 1, averaged over the RoIs whose target is not the ignore
 * index (pid 5555 → 5554, the unlabelled people). Targets at or beyond the LUT size that are not
 * ignored point at queue columns: PRW's training pids 483 and 932 exceed its 482-row LUT, so
 * their targets are queue slots 0 and 449, whatever those hold (the release's quirk, kept).
 *
 * <p>Update ({@link #update}, what the release does in its backward pass, after the gradient):
 * row by row, a target inside the LUT moves its row to {@code m·row + (1 − m)·x} and re-normalises
 * it; every other target (unlabelled, and the quirky PRW pids) overwrites the queue slot at the
 * head, which then advances.
 *
 * <p>Guards. The release's known NaN (SeqNet issue #26, "PyTorch version mismatch"): when every
 * labelled RoI of a step is unlabelled (all targets ignored), {@code F.cross_entropy} averages over
 * zero elements; PyTorch 1.7.1, which the release pins, returns 0, PyTorch ≥ 1.10 returns NaN and
 * training stops. Here that step's loss is 0 with a zero gradient (the 1.7.1 behaviour), and the
 * queue is still updated. A LUT row whose update sums to exactly zero (a zero embedding on a row
 * never seen) would be divided by its zero norm and turn every later logit into NaN; it is left
 * at zero instead. Non-finite embeddings are never written into the tables.
 */
public final class OimLoss {

  /** The unlabelled pid's target (5555 − 1), ignored by the cross-entropy. */
  public static final int IGNORE_INDEX = 5554;

  private final int dim;
  private final int lutSize;
  private final int queueSize;
  private final double momentum;
  private final double scalar;
  private final float[] lut;
  private final float[] queue;
  private int header;

  /**
   * @param dim embedding dimension (256)
   * @param lutSize labelled identities (CUHK-SYSU 5532, PRW 482)
   * @param queueSize queue length (CUHK-SYSU 5000, PRW 500)
   * @param momentum LUT momentum (0.5)
   * @param scalar logit scale (30)
   */
  public OimLoss(int dim, int lutSize, int queueSize, double momentum, double scalar) {
    if (dim < 1 || lutSize < 1 || queueSize < 1) {
      throw new IllegalArgumentException("dim " + dim + ", LUT " + lutSize + ", queue " + queueSize);
    }
    this.dim = dim;
    this.lutSize = lutSize;
    this.queueSize = queueSize;
    this.momentum = momentum;
    this.scalar = scalar;
    this.lut = new float[lutSize * dim];
    this.queue = new float[queueSize * dim];
  }

  /** CUHK-SYSU's setting: LUT 5532, queue 5000, momentum 0.5, scalar 30. */
  public static OimLoss cuhkSysu() {
    return new OimLoss(256, 5532, 5000, 0.5, 30.0);
  }

  /** PRW's setting: LUT 482, queue 500, momentum 0.5, scalar 30. */
  public static OimLoss prw() {
    return new OimLoss(256, 482, 500, 0.5, 30.0);
  }

  /**
   * @param loss the OIM loss ({@code loss_box_reid})
   * @param gradInputs d loss / d embeddings, n × dim (zero rows for background RoIs)
   * @param counted RoIs the cross-entropy averaged over (0: the guarded all-ignored case)
   * @param hits counted RoIs whose target column has the strictly highest logit (OIM's training top-1;
   *     a diagnostic, the release does not compute it)
   */
  public record Result(double loss, float[] gradInputs, int counted, int hits) {}

  /**
   * The loss and its gradient with respect to the (L2-normalised) embeddings, against the current
   * tables; the tables are not changed.
   *
   * @param inputs n × dim embeddings of the sampled RoIs
   * @param pids n labels: 0 background, person ids ≥ 1, 5555 unlabelled
   */
  public Result compute(float[] inputs, int[] pids) {
    int n = check(inputs, pids);
    int classes = lutSize + queueSize;
    float[] grad = new float[inputs.length];
    int counted = 0;
    for (int i = 0; i < n; i++) {
      int y = pids[i] - 1;
      if (y >= 0 && y != IGNORE_INDEX) {
        if (y >= classes) {
          throw new IllegalArgumentException("pid " + pids[i] + " of RoI " + i + " is beyond the " + classes
              + " LUT and queue columns");
        }
        counted++;
      }
    }
    if (counted == 0) {
      return new Result(0.0, grad, 0, 0);
    }
    double loss = 0;
    int hits = 0;
    double[] logits = new double[classes];
    for (int i = 0; i < n; i++) {
      int y = pids[i] - 1;
      if (y < 0 || y == IGNORE_INDEX) {
        continue;
      }
      int off = i * dim;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        double d = 0;
        float[] t = c < lutSize ? lut : queue;
        int r = (c < lutSize ? c : c - lutSize) * dim;
        for (int k = 0; k < dim; k++) {
          d += (double) inputs[off + k] * t[r + k];
        }
        logits[c] = scalar * d;
        max = Math.max(max, logits[c]);
      }
      double sum = 0;
      int atMax = 0;
      for (int c = 0; c < classes; c++) {
        sum += Math.exp(logits[c] - max);
        atMax += logits[c] == max ? 1 : 0;
      }
      hits += logits[y] == max && atMax == 1 ? 1 : 0;
      double lse = max + Math.log(sum);
      loss += lse - logits[y];
      for (int c = 0; c < classes; c++) {
        double g = (Math.exp(logits[c] - lse) - (c == y ? 1 : 0)) / counted * scalar;
        if (g == 0) {
          continue;
        }
        float[] t = c < lutSize ? lut : queue;
        int r = (c < lutSize ? c : c - lutSize) * dim;
        for (int k = 0; k < dim; k++) {
          grad[off + k] += (float) (g * t[r + k]);
        }
      }
    }
    return new Result(loss / counted, grad, counted, hits);
  }

  /** Updates the LUT and the queue with this step's labelled embeddings, in row order. */
  public void update(float[] inputs, int[] pids) {
    int n = check(inputs, pids);
    float m = (float) momentum;
    float rest = (float) (1.0 - momentum);
    for (int i = 0; i < n; i++) {
      int y = pids[i] - 1;
      if (y < 0) {
        continue;
      }
      int off = i * dim;
      if (!finite(inputs, off)) {
        continue;
      }
      if (y < lutSize) {
        int r = y * dim;
        float[] row = new float[dim];
        double ss = 0;
        for (int k = 0; k < dim; k++) {
          row[k] = m * lut[r + k] + rest * inputs[off + k];
          ss += (double) row[k] * row[k];
        }
        float norm = (float) Math.sqrt(ss);
        for (int k = 0; k < dim; k++) {
          lut[r + k] = norm > 0 ? row[k] / norm : row[k];
        }
      } else {
        System.arraycopy(inputs, off, queue, header * dim, dim);
        header = (header + 1) % queueSize;
      }
    }
  }

  /** {@link #compute}, then {@link #update}: one training step's OIM. */
  public Result step(float[] inputs, int[] pids) {
    Result r = compute(inputs, pids);
    update(inputs, pids);
    return r;
  }

  private int check(float[] inputs, int[] pids) {
    if (inputs.length != pids.length * dim) {
      throw new IllegalArgumentException(inputs.length + " embedding values for " + pids.length + " RoIs of " + dim);
    }
    return pids.length;
  }

  private boolean finite(float[] v, int off) {
    for (int k = 0; k < dim; k++) {
      if (!Float.isFinite(v[off + k])) {
        return false;
      }
    }
    return true;
  }

  /** A copy of the LUT, lutSize × dim. */
  public float[] lut() {
    return lut.clone();
  }

  /** A copy of the queue, queueSize × dim. */
  public float[] queue() {
    return queue.clone();
  }

  /** Rows of the look-up table (labelled identities). */
  public int lutSize() {
    return lutSize;
  }

  /** Rows of the circular queue. */
  public int queueSize() {
    return queueSize;
  }

  /** The queue slot written next. */
  public int header() {
    return header;
  }

  /** Restores the tables and the queue head (from a checkpoint). */
  public void restore(float[] lutRows, float[] queueRows, int head) {
    if (lutRows.length != lut.length || queueRows.length != queue.length || head < 0 || head >= queueSize) {
      throw new IllegalArgumentException("OIM state of " + lutRows.length + " + " + queueRows.length
          + " values, head " + head + "; expected " + lut.length + " + " + queue.length + ", head < " + queueSize);
    }
    System.arraycopy(lutRows, 0, lut, 0, lut.length);
    System.arraycopy(queueRows, 0, queue, 0, queue.length);
    header = head;
  }

  @Override
  public String toString() {
    return "OIM(LUT " + lutSize + ", queue " + queueSize + ", head " + header + ", momentum " + momentum + ", scalar "
        + scalar + ", ignore " + IGNORE_INDEX + ")";
  }
}
