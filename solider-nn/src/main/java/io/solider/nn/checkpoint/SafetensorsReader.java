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
      throw CheckpointException.of(file, "corrupt safetensors header (" + e.getOriginalMessage() + ")", e);
    }
    long dataStart = 8 + headerLen;
    Map<String, TensorRef> tensors = new LinkedHashMap<>();
    Map<String, Object> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode n = e.getValue();
      if (key.equals("__metadata__")) {
        n.fields().forEachRemaining(m -> values.put("__metadata__." + m.getKey(), m.getValue().asText()));
        continue;
      }
      TensorDType dtype = TensorDType.fromSafetensors(n.path("dtype").asText());
      if (dtype == null) {
        throw CheckpointException.of(file, "tensor '" + key + "' has unsupported dtype '" + n.path("dtype").asText() + "'");
      }
      long[] shape = new long[n.path("shape").size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = n.path("shape").get(i).asLong();
      }
      long begin = n.path("data_offsets").path(0).asLong(-1);
      long end = n.path("data_offsets").path(1).asLong(-1);
      TensorRef probe = new TensorRef(key, dtype, shape, TensorRef.contiguousStrides(shape), 0, null);
      long need = probe.numel() * dtype.size();
      if (begin < 0 || end - begin != need) {
        throw CheckpointException.of(file, "tensor '" + key + "' has data_offsets [" + begin + ", " + end
            + "] but its shape and dtype need " + need + " bytes");
      }
      if (dataStart + end > fileSize) {
        throw CheckpointException.of(file, "truncated safetensors file: tensor '" + key + "' ends at byte "
            + (dataStart + end) + ", file has " + fileSize);
      }
      TensorStorage s = new FileRegionStorage(file, channel, dataStart + begin, need, key);
      tensors.put(key, new TensorRef(key, dtype, shape, TensorRef.contiguousStrides(shape), 0, s));
    }
    return new StateDict(file, CheckpointFormat.SAFETENSORS, tensors, values, channel);
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long at, Path file) throws IOException {
    while (b.hasRemaining()) {
      if (ch.read(b, at + b.position()) < 0) {
        throw CheckpointException.of(file, "truncated safetensors file");
      }
    }
  }
}
