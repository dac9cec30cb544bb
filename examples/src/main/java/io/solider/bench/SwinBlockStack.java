package io.solider.bench;

import io.solider.nn.blocks.Dropout;
import io.solider.nn.blocks.Grid;
import io.solider.nn.blocks.ParamFactory;
import io.solider.nn.blocks.SwinBlock;
import io.solider.nn.blocks.SwinBlock.StageContext;
import io.solider.nn.io.Npy;
import io.solider.nn.ops.WindowGeometry;
import io.solider.nn.util.GradientFunctions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The workload of {@code bench/swin_blocks_torch.py}: a stack of unshifted Swin blocks over
 * windows of tokens (windows, w², C), built with the backbone's own {@link SwinBlock} (each window
 * is fed as a w×w map of one window, so the block runs its full window partition and reverse).
 * Weights, input and reference outputs come from the script's {@code --gen} directory.
 *
 * <p>The loss is {@code Σ out·G} with the script's G. Variables are named by the backbone's keys
 * under {@code blocks.i.}; the input is the variable {@value #INPUT} so it gets a gradient.
 */
public final class SwinBlockStack {

  /** The input tokens (windows, w, w, C), a variable. */
  public static final String INPUT = "x";
  /** The output tokens (windows, w, w, C). */
  public static final String OUTPUT = "out";
  /** The loss weights G (placeholder, shaped as the output). */
  public static final String GRAD_OUTPUT = "grad_out";
  private static final String LOSS = "loss";
  private static final double LAYER_NORM_EPS = 1e-5;
  private static final int MLP_RATIO = 4;

  private final Path dir;
  private final int depth;
  private final int windows;
  private final int window;
  private final int dim;
  private final int heads;

  private SwinBlockStack(Path dir, int depth, int windows, int window, int dim, int heads) {
    this.dir = dir;
    this.depth = depth;
    this.windows = windows;
    this.window = window;
    this.dim = dim;
    this.heads = heads;
  }

  /**
   * Reads the geometry of a reference directory: windows, tokens and channels from {@code x.npy},
   * heads from the bias table, depth from the number of {@code b<i>_qkv_w.npy} files.
   */
  public static SwinBlockStack of(Path dir) throws IOException {
    if (!Files.isRegularFile(dir.resolve("x.npy"))) {
      throw new IllegalArgumentException("no x.npy in " + dir + ": generate the reference first with "
          + "OUT_DIR=" + dir + " /usr/bin/python3 bench/swin_blocks_torch.py --gelu erf --gen");
    }
    long[] x = Npy.read(dir.resolve("x.npy")).shape();
    int window = (int) Math.round(Math.sqrt(x[1]));
    if (x.length != 3 || (long) window * window != x[1]) {
      throw new IllegalArgumentException(dir.resolve("x.npy") + " has shape " + Arrays.toString(x)
          + ", expected (windows, w², C)");
    }
    int depth = 0;
    while (Files.isRegularFile(dir.resolve("b" + depth + "_qkv_w.npy"))) {
      depth++;
    }
    if (depth == 0) {
      throw new IllegalArgumentException("no block weights (b0_qkv_w.npy …) in " + dir);
    }
    int heads = (int) Npy.read(dir.resolve("b0_table.npy")).size(1);
    return new SwinBlockStack(dir, depth, (int) x[0], window, (int) x[2], heads);
  }

  public int depth() {
    return depth;
  }

  public int windows() {
    return windows;
  }

  public int window() {
    return window;
  }

  public int dim() {
    return dim;
  }

  public int heads() {
    return heads;
  }

  /** A reference array of the directory, e.g. {@code ref_out_erf}. */
  public INDArray array(String name) throws IOException {
    return Npy.read(dir.resolve(name + ".npy"));
  }

  /** The input tokens as the graphs take them: (windows, w, w, C). */
  public INDArray input() throws IOException {
    return array("x").reshape('c', windows, window, window, dim).dup('c');
  }

  /** The loss weights G shaped as the output. */
  public INDArray lossWeights() throws IOException {
    return array("G").reshape('c', windows, window, window, dim).dup('c');
  }

  /**
   * The parameters of block {@code i} by backbone key ({@code blocks.i.norm1.weight} …), Linear
   * weights transposed back from the script's (in, out) to PyTorch's (out, in).
   */
  public Map<String, INDArray> parameters(int i) throws IOException {
    String b = "b" + i + "_";
    String k = "blocks." + i + ".";
    Map<String, INDArray> p = new LinkedHashMap<>();
    p.put(k + "norm1.weight", array(b + "ln1_g"));
    p.put(k + "norm1.bias", array(b + "ln1_b"));
    p.put(k + "attn.w_msa.qkv.weight", transposed(array(b + "qkv_w")));
    p.put(k + "attn.w_msa.qkv.bias", array(b + "qkv_b"));
    p.put(k + "attn.w_msa.relative_position_bias_table", array(b + "table"));
    p.put(k + "attn.w_msa.proj.weight", transposed(array(b + "proj_w")));
    p.put(k + "attn.w_msa.proj.bias", array(b + "proj_b"));
    p.put(k + "norm2.weight", array(b + "ln2_g"));
    p.put(k + "norm2.bias", array(b + "ln2_b"));
    p.put(k + "ffn.layers.0.0.weight", transposed(array(b + "fc1_w")));
    p.put(k + "ffn.layers.0.0.bias", array(b + "fc1_b"));
    p.put(k + "ffn.layers.1.weight", transposed(array(b + "fc2_w")));
    p.put(k + "ffn.layers.1.bias", array(b + "fc2_b"));
    return p;
  }

  /** All blocks' parameters. */
  public Map<String, INDArray> parameters() throws IOException {
    Map<String, INDArray> p = new LinkedHashMap<>();
    for (int i = 0; i < depth; i++) {
      p.putAll(parameters(i));
    }
    return p;
  }

  /**
   * A graph of blocks {@code from} (inclusive) to {@code to} (exclusive) with its gradient
   * function: input variable {@value #INPUT}, output {@value #OUTPUT}, loss Σ out·{@value #GRAD_OUTPUT}.
   */
  public SameDiff graph(int from, int to) throws IOException {
    SameDiff sd = SameDiff.create();
    Map<String, INDArray> params = new LinkedHashMap<>();
    for (int i = from; i < to; i++) {
      params.putAll(parameters(i));
    }
    ParamFactory root = new ParamFactory(sd, (key, init, shape) -> {
      INDArray a = params.get(key);
      if (a == null || !Arrays.equals(a.shape(), shape)) {
        throw new IllegalStateException("block parameter " + key + " is "
            + (a == null ? "missing" : Arrays.toString(a.shape())) + ", the graph needs " + Arrays.toString(shape));
      }
      return a;
    });
    SDVariable x = sd.var(INPUT, Nd4j.zeros(DataType.FLOAT, windows, window, window, dim));
    Dropout none = new Dropout(sd, 0, false);
    SDVariable relOneHot = sd.constant("relative_position_onehot", WindowGeometry.relativePositionOneHot(window));
    StageContext ctx = StageContext.create(sd, "shift_mask", new Grid(window, window), window, relOneHot, none, none);
    for (int i = from; i < to; i++) {
      SwinBlock block = new SwinBlock(root.child("blocks").child(Integer.toString(i)), dim, heads, MLP_RATIO, ctx,
          false, LAYER_NORM_EPS);
      x = block.apply(x, ctx, null, null);
    }
    SDVariable out = sd.identity(OUTPUT, x);
    SDVariable g = sd.placeHolder(GRAD_OUTPUT, DataType.FLOAT, windows, window, window, dim);
    sd.identity(LOSS, out.mul(g).sum());
    sd.setLossVariables(LOSS);
    GradientFunctions.create(sd);
    return sd;
  }

  /** The parameter keys of blocks {@code from} to {@code to} (exclusive). */
  public List<String> keys(int from, int to) {
    List<String> keys = new ArrayList<>();
    for (int i = from; i < to; i++) {
      for (String s : List.of("norm1.weight", "norm1.bias", "attn.w_msa.qkv.weight", "attn.w_msa.qkv.bias",
          "attn.w_msa.relative_position_bias_table", "attn.w_msa.proj.weight", "attn.w_msa.proj.bias",
          "norm2.weight", "norm2.bias", "ffn.layers.0.0.weight", "ffn.layers.0.0.bias", "ffn.layers.1.weight",
          "ffn.layers.1.bias")) {
        keys.add("blocks." + i + "." + s);
      }
    }
    return keys;
  }

  private static INDArray transposed(INDArray inOut) {
    return inOut.transpose().dup('c');
  }
}
