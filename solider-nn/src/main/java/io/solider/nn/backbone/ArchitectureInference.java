package io.solider.nn.backbone;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a backbone's architecture off its tensor shapes: C and the patch size from the patch
 * convolution, depths from the block indices, heads from the bias-table width, the window from
 * its height, the MLP ratio from fc1 and the output norms from the {@code norm_i} keys present.
 * The user passes only the file. Strides leave no trace in the tensors: the release's 4,2,2,2 is
 * assumed, and a task sets its own with {@link SwinConfig#withStrides}.
 */
public final class ArchitectureInference {

  private ArchitectureInference() {}

  /**
   * Infers the configuration (release strides, no dropout, no drop path) from key → shape.
   *
   * @throws IllegalArgumentException naming the first key the inference needed and did not find
   */
  public static SwinConfig infer(Map<String, long[]> shapes) {
    long[] proj = require(shapes, "patch_embed.projection.weight");
    if (proj.length != 4 || proj[2] != proj[3]) {
      throw new IllegalArgumentException("patch_embed.projection.weight has shape "
          + java.util.Arrays.toString(proj) + ", expected (C, in, p, p)");
    }
    int embed = (int) proj[0];
    List<Integer> depths = new ArrayList<>();
    List<Integer> heads = new ArrayList<>();
    int window = -1;
    for (int s = 0; s < SwinConfig.NUM_STAGES; s++) {
      int depth = 0;
      while (shapes.containsKey(blockKey(s, depth, "norm1.weight"))) {
        depth++;
      }
      if (depth == 0) {
        throw new IllegalArgumentException("no blocks found for stage " + s + " (expected key "
            + blockKey(s, 0, "norm1.weight") + ")");
      }
      depths.add(depth);
      long[] table = require(shapes, blockKey(s, 0, "attn.w_msa.relative_position_bias_table"));
      heads.add((int) table[1]);
      int side = (int) Math.round(Math.sqrt(table[0]));
      if (side * side != table[0] || side % 2 == 0) {
        throw new IllegalArgumentException("relative_position_bias_table of stage " + s + " has "
            + table[0] + " rows, not (2w-1)^2 for any window w");
      }
      window = (side + 1) / 2;
    }
    long[] fc1 = require(shapes, blockKey(0, 0, "ffn.layers.0.0.weight"));
    if (fc1[0] % embed != 0) {
      throw new IllegalArgumentException("MLP width " + fc1[0] + " is not a whole multiple of C=" + embed
          + " (only integer MLP ratios are supported)");
    }
    int ratio = (int) (fc1[0] / embed);
    for (String unsupported : new String[] {"absolute_pos_embed", "pos_embed"}) {
      if (shapes.containsKey(unsupported)) {
        throw new IllegalArgumentException("the checkpoint has an absolute position embedding ('" + unsupported
            + "'), which SOLIDER backbones do not use and this port does not support");
      }
    }
    // A task model may lack some output norms (pedestrian detection has out_indices 1,2,3).
    List<Integer> outIndices = new ArrayList<>();
    for (int s = 0; s < SwinConfig.NUM_STAGES; s++) {
      if (shapes.containsKey("norm" + s + ".weight") || shapes.containsKey("norm" + s + ".bias")) {
        outIndices.add(s);
      }
    }
    if (outIndices.isEmpty()) {
      require(shapes, "norm3.weight");
    }
    int patch = (int) proj[2];
    return new SwinConfig(new SwinConfig.Dims(embed, depths, heads, window, patch, ratio, (int) proj[1]),
        new SwinConfig.Variant(SwinConfig.Variant.release(patch).strides(), outIndices), SwinConfig.Rates.NONE, 1e-5);
  }

  private static String blockKey(int stage, int block, String rest) {
    return "stages." + stage + ".blocks." + block + "." + rest;
  }

  private static long[] require(Map<String, long[]> shapes, String key) {
    long[] s = shapes.get(key);
    if (s == null) {
      List<String> some = shapes.keySet().stream().limit(8).toList();
      throw new IllegalArgumentException("not a SOLIDER Swin backbone: key '" + key + "' is missing"
          + (shapes.isEmpty() ? " (no tensors found)" : " (found e.g. " + some + ")"));
    }
    return s;
  }
}
