package io.solider.nn.blocks;

import io.solider.nn.ops.GraphOps;
import io.solider.nn.ops.WindowGeometry;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Patch embedding: zero-pad the image at the bottom/right to a multiple of the patch size, apply
 * Conv2d(inChannels→C, kernel = stride = patch) and LayerNorm, giving tokens (B, H/p, W/p, C).
 *
 * <p>Since kernel equals stride, the convolution is a matmul of non-overlapping patches: the
 * image is cut into (B·h·w, inChannels·p·p) rows in (channel, row, column) order, which is the
 * PyTorch weight's (C, inChannels, p, p) layout read as (C, inChannels·p·p).
 */
public final class PatchEmbedding {

  private final ParamFactory p;
  private final SDVariable weight;
  private final SDVariable bias;
  private final LayerNorm norm;
  private final int inChannels;
  private final int patch;
  private final int dim;

  /** Creates {@code patch_embed.projection.*} and {@code patch_embed.norm.*}. */
  public PatchEmbedding(ParamFactory p, int inChannels, int patch, int dim, double eps) {
    this.p = p;
    ParamFactory proj = p.child("projection");
    ParamInit init = ParamInit.convDefault((long) inChannels * patch * patch);
    this.weight = proj.var("weight", init, dim, inChannels, patch, patch);
    this.bias = proj.var("bias", init, dim);
    this.norm = new LayerNorm(p.child("norm"), dim, eps);
    this.inChannels = inChannels;
    this.patch = patch;
    this.dim = dim;
  }

  /** Output grid of an {@code height × width} image. */
  public Grid outputGrid(int height, int width) {
    return outputGrid(height, width, patch);
  }

  /** Token grid of an {@code height × width} image cut into {@code patch × patch} patches (padded). */
  public static Grid outputGrid(int height, int width, int patch) {
    return new Grid(WindowGeometry.padTo(height, patch) / patch, WindowGeometry.padTo(width, patch) / patch);
  }

  /** image (B, inChannels, height, width) NCHW → tokens (B, h, w, C). */
  public SDVariable apply(SDVariable image, int height, int width) {
    SameDiff sd = p.sd();
    Grid g = outputGrid(height, width);
    SDVariable x = GraphOps.padEnd(sd, image, 4, new int[] {2, 3},
        new int[] {g.h() * patch - height, g.w() * patch - width});
    int k = inChannels * patch * patch;
    SDVariable patches = x.reshape(-1, inChannels, g.h(), patch, g.w(), patch)
        .permute(0, 2, 4, 1, 3, 5)
        .reshape(-1, k);
    SDVariable w2 = weight.reshape(dim, k);
    SDVariable tokens = GraphOps.linear(sd, patches, w2, bias).reshape(-1, g.h(), g.w(), dim);
    return norm.apply(tokens, 4);
  }
}
