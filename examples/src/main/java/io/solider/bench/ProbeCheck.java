package io.solider.bench;

import io.solider.nn.ops.WindowGeometry;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Compares a {@link SwinBlockStack}'s output and gradients with the PyTorch script's reference
 * (exact-GELU files {@code ref_*_erf.npy}). Error measure: max|ours − ref| / max|ref|.
 */
public final class ProbeCheck {

  /** Tolerance of the output. */
  public static final double OUTPUT_TOLERANCE = 1e-4;
  /** Tolerance of each recorded gradient. */
  public static final double GRADIENT_TOLERANCE = 1e-3;

  private ProbeCheck() {}

  /** The relative error of the output. */
  public static double outputError(SwinBlockStack stack, INDArray out) throws IOException {
    return relativeError(out, stack.array("ref_out_erf"));
  }

  /** The relative errors of the gradients the script records: input, three of block 0, one of the last block. */
  public static Map<String, Double> gradientErrors(SwinBlockStack stack, Map<String, INDArray> grads)
      throws IOException {
    int last = stack.depth() - 1;
    Map<String, Double> e = new LinkedHashMap<>();
    e.put("d_x", relativeError(grads.get(SwinBlockStack.INPUT), stack.array("ref_dx_erf")));
    e.put("d_b0_qkv_w", relativeError(grads.get("blocks.0.attn.w_msa.qkv.weight").transpose(),
        stack.array("ref_d_b0_qkv_w_erf")));
    e.put("d_b0_table", relativeError(grads.get("blocks.0.attn.w_msa.relative_position_bias_table"),
        stack.array("ref_d_b0_table_erf")));
    e.put("d_b0_ln1_g", relativeError(grads.get("blocks.0.norm1.weight"), stack.array("ref_d_b0_ln1_g_erf")));
    // The script names the last block's fc1 gradient b5 whatever the depth.
    e.put("d_last_fc1_w", relativeError(grads.get("blocks." + last + ".ffn.layers.0.0.weight").transpose(),
        stack.array("ref_d_b5_fc1_w_erf")));
    return e;
  }

  /** Throws with every figure if the output or a gradient is off by more than its tolerance. */
  public static void require(double outputError, Map<String, Double> gradientErrors) {
    boolean bad = outputError > OUTPUT_TOLERANCE
        || gradientErrors.values().stream().anyMatch(v -> !(v <= GRADIENT_TOLERANCE));
    if (bad || Double.isNaN(outputError)) {
      throw new IllegalStateException("the blocks do not compute the reference: output error " + outputError
          + " (tolerance " + OUTPUT_TOLERANCE + "), gradient errors " + gradientErrors + " (tolerance "
          + GRADIENT_TOLERANCE + ")");
    }
  }

  /** Whether the script's relative-position index equals ours (the bias table is gathered the same way). */
  public static boolean sameRelativeIndex(SwinBlockStack stack) throws IOException {
    int[] ref = stack.array("relidx").toIntVector();
    return Arrays.equals(ref, WindowGeometry.relativePositionIndex(stack.window()));
  }

  /** max|ours − ref| / max|ref| over arrays of the same length (shapes may differ by a reshape). */
  static double relativeError(INDArray ours, INDArray ref) {
    if (ours == null) {
      return Double.NaN;
    }
    if (ours.length() != ref.length()) {
      throw new IllegalArgumentException("compared arrays differ in size: " + Arrays.toString(ours.shape())
          + " vs reference " + Arrays.toString(ref.shape()));
    }
    INDArray a = ours.dup('c').reshape(ref.length());
    INDArray b = ref.dup('c').reshape(ref.length()).castTo(a.dataType());
    return a.sub(b).amaxNumber().doubleValue() / b.amaxNumber().doubleValue();
  }
}
