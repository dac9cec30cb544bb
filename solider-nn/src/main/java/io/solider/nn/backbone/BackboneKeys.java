package io.solider.nn.backbone;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state-dict keys of a backbone and their PyTorch shapes, in the release's order: output
 * norms only for the configuration's {@code outIndices}.
 */
public final class BackboneKeys {

  private BackboneKeys() {}

  /** Every parameter key of {@code cfg} with its shape. */
  public static Map<String, long[]> expectedShapes(SwinConfig cfg) {
    Map<String, long[]> m = new LinkedHashMap<>();
    long c = cfg.embedDim();
    long p = cfg.patchSize();
    m.put("patch_embed.projection.weight", new long[] {c, cfg.inChannels(), p, p});
    m.put("patch_embed.projection.bias", new long[] {c});
    m.put("patch_embed.norm.weight", new long[] {c});
    m.put("patch_embed.norm.bias", new long[] {c});
    long table = (2L * cfg.windowSize() - 1) * (2L * cfg.windowSize() - 1);
    for (int s = 0; s < SwinConfig.NUM_STAGES; s++) {
      long d = cfg.channels(s);
      long hidden = d * cfg.mlpRatio();
      for (int b = 0; b < cfg.depths().get(s); b++) {
        String k = "stages." + s + ".blocks." + b + ".";
        m.put(k + "norm1.weight", new long[] {d});
        m.put(k + "norm1.bias", new long[] {d});
        m.put(k + "attn.w_msa.qkv.weight", new long[] {3 * d, d});
        m.put(k + "attn.w_msa.qkv.bias", new long[] {3 * d});
        m.put(k + "attn.w_msa.relative_position_bias_table", new long[] {table, cfg.numHeads().get(s)});
        m.put(k + "attn.w_msa.proj.weight", new long[] {d, d});
        m.put(k + "attn.w_msa.proj.bias", new long[] {d});
        m.put(k + "norm2.weight", new long[] {d});
        m.put(k + "norm2.bias", new long[] {d});
        m.put(k + "ffn.layers.0.0.weight", new long[] {hidden, d});
        m.put(k + "ffn.layers.0.0.bias", new long[] {hidden});
        m.put(k + "ffn.layers.1.weight", new long[] {d, hidden});
        m.put(k + "ffn.layers.1.bias", new long[] {d});
      }
      if (s < SwinConfig.NUM_STAGES - 1) {
        String k = "stages." + s + ".downsample.";
        m.put(k + "norm.weight", new long[] {4 * d});
        m.put(k + "norm.bias", new long[] {4 * d});
        m.put(k + "reduction.weight", new long[] {2 * d, 4 * d});
      }
    }
    for (int s : cfg.outIndices()) {
      long d = cfg.channels(s);
      m.put("norm" + s + ".weight", new long[] {d});
      m.put("norm" + s + ".bias", new long[] {d});
    }
    for (String kind : new String[] {"semantic_embed_w", "semantic_embed_b"}) {
      for (int s = 0; s < SwinConfig.NUM_STAGES; s++) {
        long out = s < SwinConfig.NUM_STAGES - 1 ? cfg.channels(s + 1) : cfg.channels(s);
        m.put(kind + "." + s + ".weight", new long[] {out, 2});
        m.put(kind + "." + s + ".bias", new long[] {out});
      }
    }
    return m;
  }
}
