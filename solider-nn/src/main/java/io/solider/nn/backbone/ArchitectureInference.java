package io.solider.nn.backbone;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a backbone's architecture off its tensor shapes (SOLIDER.md §3): C and the patch size
 * from the patch convolution, depths from the block indices, heads from the bias-table width,
 * the window from its height and the MLP ratio from fc1. The user passes only the file.
 */
public final class ArchitectureInference {

  private ArchitectureInference() {}

  /**
   * Infers the configuration (no dropout, no drop path) from key → shape.
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
    return new SwinConfig(embed, depths, heads, window, (int) proj[2], ratio, (int) proj[1], 0, 0, 0, 1e-5);
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
