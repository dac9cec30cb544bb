package io.solider.nn.blocks;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The state of a group of layers (parameters and buffers) keyed by state-dict key, in the order
 * they were first asked for (a module's state-dict order). As a {@link ParameterSource} it hands
 * out the stored array of a key, and creates it from a fallback source the first time, so every
 * graph built on one store (training and inference graphs, several input sizes) shares the same
 * arrays: an optimiser step or a running-statistics update in place is seen by all of them.
 */
public final class ParameterStore implements ParameterSource {

  private final Map<String, INDArray> state = new LinkedHashMap<>();
  private final Set<String> requested = new LinkedHashSet<>();
  private final ParameterSource fallback;

  private ParameterStore(ParameterSource fallback) {
    this.fallback = fallback;
  }

  /** An empty store whose arrays are created by {@code init} (e.g. seeded random parameters). */
  public static ParameterStore initialized(ParameterSource init) {
    return new ParameterStore(init);
  }

  /**
   * A store holding {@code tensors} (cast to float; {@code num_batches_tracked} counters stay
   * integers), e.g. read from a checkpoint; a graph asking for a key it lacks fails.
   *
   * @param source names the tensors' origin in error messages
   */
  public static ParameterStore of(Map<String, INDArray> tensors, String source) {
    ParameterStore s = new ParameterStore((key, init, shape) -> {
      throw new IllegalArgumentException(source + ": no tensor '" + key + "' (the layer needs shape "
          + Arrays.toString(shape) + ")");
    });
    tensors.forEach((k, v) -> s.state.put(k, v.dataType() == DataType.FLOAT || v.dataType() == DataType.LONG
        ? v : v.castTo(DataType.FLOAT)));
    return s;
  }

  @Override
  public INDArray get(String key, ParamInit init, long... shape) {
    INDArray a = state.get(key);
    if (a == null) {
      a = fallback.get(key, init, shape);
      state.put(key, a);
    } else if (!Arrays.equals(a.shape(), shape)) {
      throw new IllegalArgumentException("tensor '" + key + "' has shape " + Arrays.toString(a.shape())
          + ", the layer needs " + Arrays.toString(shape));
    }
    requested.add(key);
    return a;
  }

  /** The array of {@code key}, created by {@code create} if the store has none (state kept outside graphs). */
  public INDArray getOrCreate(String key, Supplier<INDArray> create) {
    requested.add(key);
    return state.computeIfAbsent(key, k -> create.get());
  }

  /** The stored array of {@code key}, or null. */
  public INDArray array(String key) {
    return state.get(key);
  }

  /** Every stored array by key (live, read-only view): what a checkpoint saves. */
  public Map<String, INDArray> state() {
    return Collections.unmodifiableMap(state);
  }

  /** Keys in the store that no layer asked for (e.g. a checkpoint of another head). */
  public Set<String> unused() {
    Set<String> u = new LinkedHashSet<>(state.keySet());
    u.removeAll(requested);
    return u;
  }
}
