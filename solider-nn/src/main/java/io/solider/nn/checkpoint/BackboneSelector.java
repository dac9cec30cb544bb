package io.solider.nn.checkpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the SOLIDER checkpoint layout rules (SOLIDER.md §3) to a flattened state dict: picks
 * the wrapped model ({@code teacher} over {@code student}, then {@code state_dict}, {@code model},
 * {@code state_dicts} (the attribute release's train.py), else the bare dict), strips {@code module.} / {@code backbone.} / {@code base.} prefixes in any
 * combination and keeps only backbone parameters. Unused keys are dropped silently but for a
 * DEBUG log line.
 *
 * <p>{@code base.} is the re-id model's backbone (SOLIDER-REID / TransReID {@code build_transformer}:
 * {@code base.*}, {@code bottleneck.*}, {@code classifier.weight}); the neck and classifier do not
 * match the backbone key pattern and are dropped.
 */
final class BackboneSelector {

  private static final Logger LOG = LoggerFactory.getLogger(BackboneSelector.class);

  /** Wrappers in order of preference: a pretraining checkpoint's teacher is the released model. */
  // "state_dicts" is SOLIDER-PersonAttributeRecognition's save_ckpt (next to "state_dict_ema", the same weights).
  static final List<String> WRAPPERS = List.of("teacher", "student", "state_dict", "model", "state_dicts");

  // absolute_pos_embed is kept so that the architecture check refuses it by name.
  private static final Pattern BACKBONE_KEY = Pattern.compile(
      "(patch_embed\\.|stages\\.\\d+\\.|norm\\d+\\.|semantic_embed_[wb]\\.\\d+\\.|absolute_pos_embed).*");
  // The order does not matter: prefixes are stripped until none is left, so e.g. a DataParallel
  // re-id model's "module.base." and a pretraining teacher's "module.backbone." both work.
  private static final List<String> STRIPPED = List.of("module.", "backbone.", "base.");
  private static final int LOGGED_NAMES = 5;

  private BackboneSelector() {}

  static StateDict select(StateDict all) throws CheckpointException {
    String wrapper = null;
    for (String w : WRAPPERS) {
      if (hasPrefix(all.tensors(), w + ".")) {
        wrapper = w;
        break;
      }
    }
    return select(all, wrapper);
  }

  /**
   * As {@link #select(StateDict)} with the wrapper given ({@code null} or empty: the bare dict;
   * otherwise a top-level key such as {@code student}, possibly dotted).
   */
  static StateDict select(StateDict all, String wrapperOrNull) throws CheckpointException {
    Map<String, TensorRef> tensors = all.tensors();
    String wrapper = wrapperOrNull == null || wrapperOrNull.isEmpty() ? null : wrapperOrNull;
    if (wrapper != null && !hasPrefix(tensors, wrapper + ".")) {
      throw CheckpointException.of(all.file(), "no tensors under '" + wrapper + "' (top-level keys: "
          + topLevelKeys(all) + ")");
    }
    String prefix = wrapper == null ? "" : wrapper + ".";
    Map<String, TensorRef> selected = new LinkedHashMap<>();
    List<String> dropped = new ArrayList<>();
    for (Map.Entry<String, TensorRef> e : tensors.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(prefix)) {
        dropped.add(key);
        continue;
      }
      String k = strip(key.substring(prefix.length()));
      if (BACKBONE_KEY.matcher(k).matches() && !k.endsWith("relative_position_index")
          && !k.endsWith("attn_mask")) {
        if (selected.put(k, e.getValue().withName(k)) != null) {
          throw CheckpointException.of(all.file(), "two tensors map to backbone key '" + k + "'");
        }
      } else {
        dropped.add(key);
      }
    }
    if (selected.isEmpty()) {
      throw CheckpointException.of(all.file(), "no backbone tensors found (top-level keys: "
          + topLevelKeys(all) + ")");
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("{}: using {} backbone tensors{}; dropped {} other keys{}", all.file(), selected.size(),
          wrapper == null ? "" : " from '" + wrapper + "'", dropped.size(),
          dropped.isEmpty() ? "" : " (e.g. " + String.join(", ", dropped.subList(0, Math.min(LOGGED_NAMES, dropped.size()))) + ")");
    }
    return all.withTensors(selected);
  }

  static String strip(String key) {
    String k = key;
    boolean again = true;
    while (again) {
      again = false;
      for (String p : STRIPPED) {
        if (k.startsWith(p)) {
          k = k.substring(p.length());
          again = true;
        }
      }
    }
    return k;
  }

  private static boolean hasPrefix(Map<String, TensorRef> tensors, String prefix) {
    for (String k : tensors.keySet()) {
      if (k.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> topLevelKeys(StateDict sd) {
    Set<String> top = new LinkedHashSet<>();
    for (String k : sd.tensors().keySet()) {
      top.add(k.contains(".") ? k.substring(0, k.indexOf('.')) : k);
    }
    for (String k : sd.values().keySet()) {
      top.add(k.contains(".") ? k.substring(0, k.indexOf('.')) : k);
    }
    return top;
  }
}
