package io.solider.nn.head;

import io.solider.nn.checkpoint.Checkpoints;
import io.solider.nn.checkpoint.StateDict;
import io.solider.nn.checkpoint.TensorRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One case of the PyTorch layer references (test resources {@code layers/<case>.npz}, made by
 * {@code layers/make_layers.py}): inputs and parameters in float32, outputs and gradients
 * computed by torch in float64.
 */
public final class LayerCase {

  private final String name;
  private final Map<String, INDArray> tensors;

  private LayerCase(String name, Map<String, INDArray> tensors) {
    this.name = name;
    this.tensors = tensors;
  }

  public static LayerCase load(String name) {
    try {
      Path file = Path.of(LayerCase.class.getResource("/layers/" + name + ".npz").toURI());
      Map<String, INDArray> arrays = new LinkedHashMap<>();
      try (StateDict d = Checkpoints.read(file)) {
        for (Map.Entry<String, TensorRef> e : d.tensors().entrySet()) {
          boolean reference = e.getKey().startsWith("output") || e.getKey().startsWith("grad.")
              || e.getKey().startsWith("after.");
          // References keep torch's float64; inputs and parameters are float32 (counters int64).
          arrays.put(e.getKey(), reference ? e.getValue().toINDArray(DataType.DOUBLE) : e.getValue().toINDArray());
        }
      }
      return new LayerCase(name, arrays);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public String name() {
    return name;
  }

  /** A float32 input. */
  public INDArray input(String n) {
    return read("input." + n, DataType.FLOAT);
  }

  /** A float32 extra input (mask, boxes). */
  public INDArray extra(String n) {
    return read("extra." + n, DataType.FLOAT);
  }

  public INDArray gradOut(String n) {
    return read("gradout." + n, DataType.FLOAT);
  }

  /** torch's output in float64. */
  public INDArray output(String n) {
    return read("output." + n, DataType.DOUBLE);
  }

  /** torch's output computed in float32 (RoI cases), as float64. */
  public INDArray output32(String n) {
    return read("output32." + n, DataType.DOUBLE);
  }

  public INDArray gradInput(String n) {
    return read("grad.input." + n, DataType.DOUBLE);
  }

  public INDArray gradParam(String key) {
    return read("grad.param." + key, DataType.DOUBLE);
  }

  /** A buffer after the training-mode forward pass. */
  public INDArray after(String key) {
    return read("after." + key, DataType.DOUBLE);
  }

  public boolean has(String key) {
    return tensors.containsKey(key);
  }

  /** The module's state dict before the forward pass (float32, counters int64). */
  public Map<String, INDArray> state() {
    Map<String, INDArray> m = new LinkedHashMap<>();
    tensors.forEach((k, t) -> {
      if (k.startsWith("param.")) {
        m.put(k.substring("param.".length()), t.dup());
      }
    });
    return m;
  }

  /** Keys of the parameters that have gradients. */
  public java.util.List<String> gradientKeys() {
    return tensors.keySet().stream().filter(k -> k.startsWith("grad.param."))
        .map(k -> k.substring("grad.param.".length())).toList();
  }

  /** Per-sample shape of an input (without the batch axis). */
  public long[] sampleShape(String n) {
    long[] s = tensors.get("input." + n).shape();
    return Arrays.copyOfRange(s, 1, s.length);
  }

  private INDArray read(String key, DataType type) {
    INDArray t = tensors.get(key);
    if (t == null) {
      throw new IllegalArgumentException(name + ": no '" + key + "'");
    }
    return t.castTo(type).dup();
  }

  /** max|ours − ref| / max|ref|, the measure the parity tests state their tolerances in. */
  public static double relativeError(INDArray ours, INDArray ref) {
    if (!Arrays.equals(ours.shape(), ref.shape())) {
      throw new AssertionError("shape " + Arrays.toString(ours.shape()) + " != reference " + Arrays.toString(ref.shape()));
    }
    double scale = ref.amaxNumber().doubleValue();
    return ours.castTo(DataType.DOUBLE).sub(ref).amaxNumber().doubleValue() / (scale == 0 ? 1 : scale);
  }
}
