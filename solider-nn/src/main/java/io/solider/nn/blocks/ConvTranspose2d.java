package io.solider.nn.blocks;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;

/**
 * torch.nn.ConvTranspose2d (output_padding 0, dilation 1, groups 1) on NCHW maps: {@code weight}
 * (in, out, k, k) in PyTorch's layout, optional {@code bias} (out). Inside the graph the weight is
 * permuted to [k, k, out, in], the layout SameDiff's deconv2d actually accepts (its Javadoc's
 * [in, out, k, k] fails validation). Output side {@code (in − 1)·stride − 2·padding + k}, as torch.
 */
public final class ConvTranspose2d {

  private final Spec spec;
  private final SDVariable weight;
  private final SDVariable bias;
  private final DeConv2DConfig config;

  /**
   * What a ConvTranspose2d is.
   *
   * @param in input channels
   * @param out output channels
   * @param kernel square kernel size
   * @param stride stride on both axes
   * @param padding padding on every side (removed from the full output)
   * @param bias whether it has a bias
   * @param weightInit initialiser of the weight
   * @param biasInit initialiser of the bias (unused without bias)
   */
  public record Spec(int in, int out, int kernel, int stride, int padding, boolean bias, ParamInit weightInit,
      ParamInit biasInit) {

    public Spec {
      if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding < 0 || 2 * padding >= kernel) {
        throw new IllegalArgumentException("conv_transpose2d needs positive channels, kernel and stride and "
            + "0 <= 2·padding < kernel, got in " + in + ", out " + out + ", kernel " + kernel
            + ", stride " + stride + ", padding " + padding);
      }
    }

    /**
     * With bias and PyTorch's default init: uniform ±1/√fan_in for weight and bias, where torch takes
     * fan_in from the weight's second axis, i.e. out·k² for a transposed convolution.
     */
    public static Spec of(int in, int out, int kernel, int stride, int padding) {
      ParamInit init = ParamInit.convDefault((long) out * kernel * kernel);
      return new Spec(in, out, kernel, stride, padding, true, init, init);
    }

    public Spec withoutBias() {
      return new Spec(in, out, kernel, stride, padding, false, weightInit, biasInit);
    }

    /** mmcv's {@code normal_init(std, bias)}: weight N(0, std²), bias constant. */
    public Spec withNormalInit(double std, double biasValue) {
      return new Spec(in, out, kernel, stride, padding, bias, ParamInit.normal(std), ParamInit.constant(biasValue));
    }

    /** Output side for an input side: {@code (size − 1)·stride − 2·padding + kernel}. */
    public int outputSize(int size) {
      return (size - 1) * stride - 2 * padding + kernel;
    }
  }

  /** Creates {@code weight} and, if the spec says so, {@code bias} under {@code p}. */
  public ConvTranspose2d(ParamFactory p, Spec spec) {
    this.spec = spec;
    int k = spec.kernel();
    this.weight = p.var("weight", spec.weightInit(), spec.in(), spec.out(), k, k);
    this.bias = spec.bias() ? p.var("bias", spec.biasInit(), spec.out()) : null;
    this.config = DeConv2DConfig.builder().kH(k).kW(k).sH(spec.stride()).sW(spec.stride()).pH(spec.padding())
        .pW(spec.padding()).dataFormat(DeConv2DConfig.NCHW).build();
  }

  public Spec spec() {
    return spec;
  }

  /** x (B, in, H, W) → (B, out, outputSize(H), outputSize(W)). */
  public SDVariable apply(SDVariable x) {
    SDVariable w = weight.permute(2, 3, 1, 0);
    return bias == null ? x.getSameDiff().cnn().deconv2d(x, w, config)
        : x.getSameDiff().cnn().deconv2d(x, w, bias, config);
  }
}
