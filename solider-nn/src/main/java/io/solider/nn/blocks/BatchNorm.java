package io.solider.nn.blocks;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * torch.nn.BatchNorm1d / BatchNorm2d (affine, tracking running statistics) on channels-first
 * tensors: (N, C), (N, C, L) or (N, C, H, W). Keys {@code weight}, {@code bias} (trained),
 * {@code running_mean}, {@code running_var} (buffers, graph constants) and
 * {@code num_batches_tracked} (kept outside the graph, see {@link RunningStatistics}).
 *
 * <p>Training mode normalises with the batch mean and biased variance, as torch, and exposes the
 * batch mean and unbiased variance as graph outputs ({@link #statistics()}), so the caller moves
 * the running statistics after the step with torch's rule; the graph itself never changes them, so
 * a recomputed or failed step changes nothing. Inference mode normalises with the running
 * statistics. Written from primitives (mean, square, rsqrt), whose gradients are exact.
 */
public final class BatchNorm {

  /** torch's default ε. */
  public static final double EPS = 1e-5;
  /** torch's default momentum of the running statistics. */
  public static final double MOMENTUM = 0.1;

  private final ParamFactory p;
  private final int numFeatures;
  private final double eps;
  private final boolean training;
  private final SDVariable weight;
  private final SDVariable bias;
  private final SDVariable runningMean;
  private final SDVariable runningVar;
  private Statistics statistics;

  /**
   * The batch statistics of one training-mode application.
   *
   * @param prefix the layer's key prefix ({@code "…bn."}), to find its running statistics
   * @param mean batch mean (C)
   * @param unbiasedVar batch variance with Bessel's correction (C), what torch's running variance tracks
   * @param rank rank of the normalised input (2: one value per channel and sample)
   */
  public record Statistics(String prefix, SDVariable mean, SDVariable unbiasedVar, int rank) {}

  /** ε 1e-5, γ initialised to 1 (β to 0, running mean 0, running variance 1). */
  public BatchNorm(ParamFactory p, int numFeatures, boolean training) {
    this(p, numFeatures, EPS, training, ParamInit.ONES);
  }

  /**
   * @param weightInit initialiser of γ (torch: ones; the person-search box regressor draws N(0, 0.01²))
   */
  public BatchNorm(ParamFactory p, int numFeatures, double eps, boolean training, ParamInit weightInit) {
    this.p = p;
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.training = training;
    this.weight = p.var("weight", weightInit, numFeatures);
    this.bias = p.var("bias", ParamInit.ZEROS, numFeatures);
    this.runningMean = p.buffer("running_mean", ParamInit.ZEROS, numFeatures);
    this.runningVar = p.buffer("running_var", ParamInit.ONES, numFeatures);
  }

  /** Key of the batch counter, which lives outside the graph. */
  public String numBatchesTrackedKey() {
    return p.prefix() + "num_batches_tracked";
  }

  public String prefix() {
    return p.prefix();
  }

  public boolean training() {
    return training;
  }

  /**
   * Normalises x of the given rank (2, 3 or 4; channels on axis 1). In training mode this may be
   * called once (its batch statistics are then in {@link #statistics()}).
   */
  public SDVariable apply(SDVariable x, int rank) {
    if (rank < 2 || rank > 4) {
      throw new IllegalArgumentException("batch norm takes (N, C), (N, C, L) or (N, C, H, W), got rank " + rank);
    }
    int[] axes = rank == 2 ? new int[] {0} : rank == 3 ? new int[] {0, 2} : new int[] {0, 2, 3};
    long[] channelShape = rank == 2 ? new long[] {1, numFeatures}
        : rank == 3 ? new long[] {1, numFeatures, 1} : new long[] {1, numFeatures, 1, 1};
    SDVariable gamma = weight.reshape(channelShape);
    SDVariable beta = bias.reshape(channelShape);
    if (!training) {
      SDVariable scale = gamma.mul(p.sd().math().rsqrt(runningVar.add(eps)).reshape(channelShape));
      return x.mul(scale).add(beta.sub(runningMean.reshape(channelShape).mul(scale)));
    }
    if (statistics != null) {
      throw new IllegalStateException("batch norm " + p.prefix() + " already applied in this training graph");
    }
    SameDiff sd = p.sd();
    SDVariable mean = x.mean(true, axes);
    SDVariable centred = x.sub(mean);
    SDVariable var = sd.math().square(centred).mean(true, axes);
    SDVariable y = centred.mul(sd.math().rsqrt(var.add(eps))).mul(gamma).add(beta);
    // n = elements per channel, known only at run time (batch size): numel / C.
    SDVariable n = x.shape().prod().castTo(DataType.FLOAT).div(numFeatures);
    SDVariable unbiased = var.reshape(numFeatures).mul(n).div(n.sub(1.0));
    statistics = new Statistics(p.prefix(),
        sd.identity(p.prefix() + "batch_mean", mean.reshape(numFeatures)),
        sd.identity(p.prefix() + "batch_var", unbiased), rank);
    return y;
  }

  /** The batch statistics of the training-mode application, or null (inference mode, or not applied yet). */
  public Statistics statistics() {
    return statistics;
  }
}
