package io.solider.nn.blocks;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;

/**
 * torch.nn.Conv2d with stride 1 on NCHW maps: {@code weight} (out, in, k, k) in PyTorch's layout
 * and optional {@code bias} (out). The weight is permuted to SameDiff's [k, k, in, out] inside the
 * graph: SameDiff's own OIYX weight format computes the forward pass but its backward pass fails
 * (1.0.0-M2.1), while the default layout differentiates exactly.
 */
public final class Conv2d {

  private final Spec spec;
  private final SDVariable weight;
  private final SDVariable bias;
  private final Conv2DConfig config;

  /**
   * What a Conv2d is.
   *
   * @param in input channels
   * @param out output channels
   * @param kernel square kernel size
   * @param padding zero padding on every side
   * @param bias whether it has a bias
   * @param weightInit initialiser of the weight
   * @param biasInit initialiser of the bias (unused without bias)
   */
  public record Spec(int in, int out, int kernel, int padding, boolean bias, ParamInit weightInit,
      ParamInit biasInit) {

    public Spec {
      if (in < 1 || out < 1 || kernel < 1 || padding < 0) {
        throw new IllegalArgumentException("conv2d needs positive channels and kernel and padding >= 0, got in " + in
            + ", out " + out + ", kernel " + kernel + ", padding " + padding);
      }
    }

    /** Padding 0, with bias, PyTorch's default init (uniform ±1/√(in·k²) for weight and bias). */
    public static Spec of(int in, int out, int kernel) {
      ParamInit init = ParamInit.convDefault((long) in * kernel * kernel);
      return new Spec(in, out, kernel, 0, true, init, init);
    }

    public Spec withPadding(int p) {
      return new Spec(in, out, kernel, p, bias, weightInit, biasInit);
    }

    public Spec withoutBias() {
      return new Spec(in, out, kernel, padding, false, weightInit, biasInit);
    }

    /** mmcv's {@code normal_init(std, bias)}: weight N(0, std²), bias constant. */
    public Spec withNormalInit(double std, double biasValue) {
      return new Spec(in, out, kernel, padding, bias, ParamInit.normal(std), ParamInit.constant(biasValue));
    }

    /** Output side for an input side. */
    public int outputSize(int size) {
      return size + 2 * padding - kernel + 1;
    }
  }

  /** Creates {@code weight} and, if the spec says so, {@code bias} under {@code p}. */
  public Conv2d(ParamFactory p, Spec spec) {
    this.spec = spec;
    int k = spec.kernel();
    this.weight = p.var("weight", spec.weightInit(), spec.out(), spec.in(), k, k);
    this.bias = spec.bias() ? p.var("bias", spec.biasInit(), spec.out()) : null;
    this.config = Conv2DConfig.builder().kH(k).kW(k).sH(1).sW(1).pH(spec.padding()).pW(spec.padding())
        .dataFormat(Conv2DConfig.NCHW).build();
  }

  public Spec spec() {
    return spec;
  }

  /** x (B, in, H, W) → (B, out, H + 2p − k + 1, W + 2p − k + 1). */
  public SDVariable apply(SDVariable x) {
    SDVariable w = weight.permute(2, 3, 1, 0);
    return bias == null ? x.getSameDiff().cnn().conv2d(x, w, config) : x.getSameDiff().cnn().conv2d(x, w, bias, config);
  }
}
