package io.solider.nn.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code .safetensors}: an 8-byte little-endian header length, a JSON header
 * {@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}}, then the
 * tensors' bytes (offsets relative to the end of the header).
 */
final class SafetensorsReader {

  /** The format's own limit on the header size. */
  static final long MAX_HEADER = 100L << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private SafetensorsReader() {}

  static StateDict read(Path file, FileChannel channel) throws IOException {
    long fileSize = channel.size();
    ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, lenBuf, 0, file);
    long headerLen = lenBuf.getLong(0);
    if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > fileSize) {
      throw CheckpointException.of(file, "truncated or corrupt safetensors header (length " + headerLen
          + ", file size " + fileSize + ")");
    }
    ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
    readFully(channel, hb, 8, file);
    JsonNode header;
    try {
      header = JSON.readTree(hb.array());
    } catch (JsonProcessingException e) {
      // Jackson's own text names Java/JSON token types; say where instead.
      long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
      throw CheckpointException.of(file, "corrupt safetensors header (not valid JSON"
          + (at >= 0 ? " at character " + at : "") + ")", e);
    }
    if (header == null || !header.isObject()) {
      throw CheckpointException.of(file, "corrupt safetensors header (not a JSON object)");
    }
    long dataStart = 8 + headerLen;
    Map<String, TensorRef> tensors = new LinkedHashMap<>();
    Map<String, Object> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode n = e.getValue();
      if (key.equals("__metadata__")) {
        if (n.isObject()) {
          n.fields().forEachRemaining(m -> values.put("__metadata__." + m.getKey(), m.getValue().asText()));
        }
        continue;
      }
      String where = "tensor " + PickleValues.describe(key);
      if (!n.isObject() || !n.path("dtype").isTextual()) {
        throw CheckpointException.of(file, where + " is not described by an object with a dtype");
      }
      TensorDType dtype = TensorDType.fromSafetensors(n.path("dtype").asText());
      if (dtype == null) {
        throw CheckpointException.of(file, where + " has unsupported dtype " + PickleValues.describe(n.path("dtype").asText()));
      }
      long[] shape = integers(n.path("shape"), -1, file, where + ": shape");
      long[] offsets = integers(n.path("data_offsets"), 2, file, where + ": data_offsets");
      long begin = offsets[0];
      long end = offsets[1];
      long[] strides = TensorRef.contiguousStrides(shape);
      String problem = TensorLayout.problem(dtype, shape, strides, 0);
      if (problem != null) {
        throw CheckpointException.of(file, where + ": " + problem);
      }
      long need = TensorLayout.denseBytes(dtype, shape);
      if (end < begin || end - begin != need) {
        throw CheckpointException.of(file, where + " has data_offsets [" + begin + ", " + end
            + "] but its shape and dtype need " + need + " bytes");
      }
      if (end > fileSize - dataStart) {
        throw CheckpointException.of(file, "truncated safetensors file: " + where + " ends at byte "
            + (dataStart + end) + ", file has " + fileSize);
      }
      TensorStorage s = new FileRegionStorage(file, channel, dataStart + begin, need, key);
      tensors.put(key, new TensorRef(key, dtype, shape, strides, 0, s));
    }
    return new StateDict(file, CheckpointFormat.SAFETENSORS, tensors, values, channel);
  }

  /** A JSON array of non-negative integers ({@code count} of them, or any number up to 64 for −1). */
  private static long[] integers(JsonNode n, int count, Path file, String what) throws CheckpointException {
    if (!n.isArray() || (count >= 0 ? n.size() != count : n.size() > TensorLayout.MAX_RANK)) {
      throw CheckpointException.of(file, what + " is not a list of " + (count >= 0 ? count + " " : "") + "integers");
    }
    long[] v = new long[n.size()];
    for (int i = 0; i < v.length; i++) {
      JsonNode x = n.get(i);
      if (!x.isIntegralNumber() || !x.canConvertToLong() || x.longValue() < 0) {
        throw CheckpointException.of(file, what + " holds " + PickleValues.describe(x.toString()).replace("'", "")
            + ", not a non-negative integer");
      }
      v[i] = x.longValue();
    }
    return v;
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long at, Path file) throws IOException {
    while (b.hasRemaining()) {
      if (ch.read(b, at + b.position()) < 0) {
        throw CheckpointException.of(file, "truncated safetensors file");
      }
    }
  }
}
