package io.solider.nn.exec;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Native buffers of freed intermediates, kept for the next array of the same type and length.
 * Allocating a fresh ND4J buffer costs more than most ops of a small model (libnd4j zero-fills
 * new buffers, and large ones are fresh pages from the kernel every time), and a graph run asks
 * for the same lengths again and again (every block of a stage, every step), so reusing them
 * takes most of the cost of an op away.
 *
 * <p>One pool per thread, shared by every executor on that thread: the segments of a recomputed
 * backbone run one after another, and a pool per graph would hold every segment's buffers at
 * once. The pool holds at most {@value #PROPERTY} megabytes (default {@value #DEFAULT_MB}); when
 * full, it frees the buffers it has kept longest to take a newly released one.
 */
public final class BufferPool {

  /** System property: the most memory a thread's pool keeps, in megabytes (0 turns pooling off). */
  public static final String PROPERTY = "solider.executor.poolMb";
  static final long DEFAULT_MB = 1024;

  // Per thread, as the executors that use it (SameDiff graphs are single-threaded): a thread's
  // buffers are only ever handed to the same thread, so no locking is needed.
  private static final ThreadLocal<BufferPool> POOLS = ThreadLocal.withInitial(BufferPool::new);

  private record Key(DataType type, long length) {}

  /** A kept buffer: its key and its number in the order of release. */
  private record Kept(Key key, DataBuffer buffer, long serial) {}

  private final Map<Key, ArrayDeque<Kept>> free = new HashMap<>();
  /** Every kept buffer by serial, oldest release first: a full pool frees from the front. */
  private final LinkedHashMap<Long, Kept> byAge = new LinkedHashMap<>();
  private final long capacity;
  private long held;
  private long serial;

  private BufferPool() {
    this(Long.getLong(PROPERTY, DEFAULT_MB) << 20);
  }

  /** A pool of its own (tests), keeping at most {@code capacityBytes}. */
  BufferPool(long capacityBytes) {
    this.capacity = capacityBytes;
  }

  /** The calling thread's pool. */
  public static BufferPool current() {
    return POOLS.get();
  }

  /** A c-order array for {@code d} of type {@code type}, on a kept buffer if one has its length. */
  INDArray allocate(LongShapeDescriptor d, DataType type) {
    if (d.isEmpty()) {
      return Nd4j.create(d.asDataType(type));
    }
    long[] shape = d.getShape();
    long length = 1;
    for (long s : shape) {
      length *= s;
    }
    ArrayDeque<Kept> q = free.get(new Key(type, length));
    Kept k = q == null ? null : q.pollLast();
    if (k == null) {
      return Nd4j.createUninitializedDetached(type, 'c', shape);
    }
    byAge.remove(k.serial());
    held -= bytes(k.buffer());
    return Nd4j.create(k.buffer(), shape, Nd4j.getStrides(shape, 'c'), 0, 'c');
  }

  /**
   * Takes back the buffer of {@code a}, which nothing reads any more (no view of it is in use);
   * frees it if it alone is larger than the pool or {@code a} does not own its buffer whole. A
   * full pool frees its longest-kept buffers to make room: the shapes a run asks for next are
   * those it has just freed (the blocks of one stage), not those of a stage it has left.
   */
  void release(INDArray a) {
    if (a == null || !a.closeable()) {
      return;
    }
    DataBuffer b = a.data();
    long n = bytes(b);
    if (a.isEmpty() || b.length() != a.length() || n > capacity) {
      a.close();
      return;
    }
    while (held + n > capacity) {
      Kept oldest = byAge.values().iterator().next();
      byAge.remove(oldest.serial());
      free.get(oldest.key()).pollFirst(); // a key's buffers are kept in release order too
      held -= bytes(oldest.buffer());
      if (oldest.buffer().closeable()) {
        oldest.buffer().close();
      }
    }
    Key key = new Key(b.dataType(), b.length());
    Kept k = new Kept(key, b, serial++);
    free.computeIfAbsent(key, x -> new ArrayDeque<>()).addLast(k);
    byAge.put(k.serial(), k);
    held += n;
  }

  /** Bytes kept now. */
  public long heldBytes() {
    return held;
  }

  /** Frees every kept buffer (for instance between phases that use different shapes). */
  public void clear() {
    for (Kept k : byAge.values()) {
      if (k.buffer().closeable()) {
        k.buffer().close();
      }
    }
    free.clear();
    byAge.clear();
    held = 0;
  }

  private static long bytes(DataBuffer b) {
    return b.length() * b.getElementSize();
  }
}
