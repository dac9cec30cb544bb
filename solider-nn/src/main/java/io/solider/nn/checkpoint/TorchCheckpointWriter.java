package io.solider.nn.checkpoint;

import io.solider.nn.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes tensors as a PyTorch zip checkpoint that {@code torch.load} reads: a protocol-2
 * {@code data.pkl} of OrderedDicts whose tensors are {@code torch._utils._rebuild_tensor_v2}
 * calls with persistent ids {@code ('storage', torch.FloatStorage, key, 'cpu', numel)}, one
 * 64-byte-aligned STORED record per tensor, and a {@code version} record.
 *
 * <p>Values may be {@link INDArray}s, nested maps (e.g. {@code {"teacher": {...}}}, written as
 * dicts), or plain numbers, strings, booleans and null. The file is written through
 * {@link AtomicFiles} (a temporary file in the same directory, synced and renamed), so readers never
 * see a half-written checkpoint, and a device or pipe target is written through, never replaced.
 */
public final class TorchCheckpointWriter {

  private static final Logger LOG = LoggerFactory.getLogger(TorchCheckpointWriter.class);
  private static final String ARCHIVE = "archive/";

  private TorchCheckpointWriter() {}

  /** Writes {@code state} to {@code file}, replacing it atomically. */
  public static void write(Map<String, ?> state, Path file) throws IOException {
    List<INDArray> storages = new ArrayList<>();
    PickleWriter p = new PickleWriter();
    writeMap(p, state, storages);
    byte[] pkl = p.finish();

    Path tmp = AtomicFiles.tempSibling(file);
    try {
      try (AlignedZipWriter zip = new AlignedZipWriter(
          FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))) {
        zip.add(ARCHIVE + "data.pkl", pkl);
        zip.add(ARCHIVE + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < storages.size(); i++) {
          zip.add(ARCHIVE + "data/" + i, bytesOf(storages.get(i)));
        }
        zip.add(ARCHIVE + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
        zip.finish();
      }
      AtomicFiles.moveIntoPlace(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
    LOG.debug("{}: wrote {} tensors", file, storages.size());
  }

  private static void writeMap(PickleWriter p, Map<?, ?> map, List<INDArray> storages) {
    boolean container = false;
    for (Object v : map.values()) {
      container |= v instanceof Map<?, ?>;
    }
    if (container) {
      p.op('}'); // a plain dict, like the release's {"teacher": ...}
    } else {
      p.global("collections", "OrderedDict").op(')').op('R');
    }
    if (map.isEmpty()) {
      return;
    }
    p.mark();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      p.string(String.valueOf(e.getKey()));
      writeValue(p, e.getValue(), storages, String.valueOf(e.getKey()));
    }
    p.op('u'); // SETITEMS
  }

  private static void writeValue(PickleWriter p, Object v, List<INDArray> storages, String key) {
    if (v instanceof INDArray a) {
      writeTensor(p, a, storages);
    } else if (v instanceof Map<?, ?> m) {
      writeMap(p, m, storages);
    } else if (v == null) {
      p.none();
    } else if (v instanceof Boolean b) {
      p.bool(b);
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      p.integer(((Number) v).longValue());
    } else if (v instanceof Number n) {
      p.floating(n.doubleValue());
    } else if (v instanceof String s) {
      p.string(s);
    } else {
      throw new IllegalArgumentException("cannot write value of type " + v.getClass().getName() + " under '" + key + "'");
    }
  }

  private static void writeTensor(PickleWriter p, INDArray a, List<INDArray> storages) {
    TensorDType dtype = TensorDType.fromNd4j(a.dataType());
    if (dtype == null) {
      throw new IllegalArgumentException("cannot write ND4J type " + a.dataType() + " to a torch checkpoint");
    }
    long[] shape = a.shape();
    String key = String.valueOf(storages.size());
    storages.add(a);
    p.global("torch._utils", "_rebuild_tensor_v2").mark();
    p.mark().string("storage").global("torch", dtype.torchStorageName()).string(key).string("cpu")
        .integer(a.length()).op('t').op('Q'); // BINPERSID
    p.integer(0).intTuple(shape).intTuple(TensorRef.contiguousStrides(shape)).bool(false)
        .global("collections", "OrderedDict").op(')').op('R');
    p.op('t').op('R');
  }

  /** The array's elements in C order, little-endian, as a view of ND4J's buffer when possible. */
  private static ByteBuffer bytesOf(INDArray a) {
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      throw new UnsupportedOperationException("big-endian hosts are not supported");
    }
    if (a.isEmpty()) {
      return ByteBuffer.allocate(0);
    }
    INDArray c = a.ordering() == 'c' && !a.isView() ? a : a.dup('c');
    int w = c.dataType().width();
    ByteBuffer nio = c.data().asNio().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    long from = c.offset() * w;
    long to = from + c.length() * w;
    nio.limit(Math.toIntExact(to)).position(Math.toIntExact(from));
    return nio.slice().order(ByteOrder.LITTLE_ENDIAN);
  }
}
