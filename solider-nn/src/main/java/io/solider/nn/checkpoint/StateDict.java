package io.solider.nn.checkpoint;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The tensors of a checkpoint, by key, in file order, not yet read. Nested dicts are flattened
 * with '.' ({@code {"teacher": {"a.b": t}}} gives key {@code teacher.a.b}). Values that are not
 * tensors (epoch, args, optimiser hyper-parameters) are kept apart in {@link #values()}.
 *
 * <p>Holds the file open (its storages are read on demand): close it once the tensors needed
 * have been materialised.
 */
public final class StateDict implements AutoCloseable {

  private final Path file;
  private final CheckpointFormat format;
  private final Map<String, TensorRef> tensors;
  private final Map<String, Object> values;
  private final Closeable resource;

  StateDict(Path file, CheckpointFormat format, Map<String, TensorRef> tensors,
      Map<String, Object> values, Closeable resource) {
    this.file = file;
    this.format = format;
    this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.resource = resource;
  }

  /** A state dict over the same open file with another set of (renamed) tensors. */
  StateDict withTensors(Map<String, TensorRef> selected) {
    return new StateDict(file, format, selected, values, resource);
  }

  /** The file read. */
  public Path file() {
    return file;
  }

  /** Its format. */
  public CheckpointFormat format() {
    return format;
  }

  /** Tensor references by flattened key, in file order (unmodifiable). */
  public Map<String, TensorRef> tensors() {
    return tensors;
  }

  /** Non-tensor leaves by flattened key (numbers, strings, lists, args maps; unmodifiable). */
  public Map<String, Object> values() {
    return values;
  }

  /** The tensor stored under {@code key}; fails naming the file if there is none. */
  public TensorRef tensor(String key) throws CheckpointException {
    TensorRef t = tensors.get(key);
    if (t == null) {
      throw CheckpointException.of(file, "no tensor '" + key + "'");
    }
    return t;
  }

  /** Reads every tensor (floating types as float32, others in their own type). */
  public Map<String, INDArray> materialize() throws IOException {
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (Map.Entry<String, TensorRef> e : tensors.entrySet()) {
      out.put(e.getKey(), e.getValue().toINDArray());
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    if (resource != null) {
      resource.close();
    }
  }
}
