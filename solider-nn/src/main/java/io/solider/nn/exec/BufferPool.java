package io.solider.nn.exec;

import java.lang.management.ManagementFactory;
import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
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
 * once. All pools of the process share one budget: {@value #PROPERTY} megabytes, by default a
 * quarter of the machine's memory (at least 1 GiB). The budget must hold a run's whole working
 * set: a graph asks for its buffers in the same cycle every block and every step, so a pool that
 * is smaller than the cycle frees each buffer just before it is asked for again, and every
 * request becomes a fresh allocation (Swin-T at batch 32: 1.7 GB for inference, 5.3 GB for a
 * training step). In a training step the memory the pool keeps is memory the allocator kept
 * before (glibc does not hand freed arena memory back); in inference it keeps every stage's
 * buffers between passes, a little more. When the budget is spent, a pool frees the buffers it
 * has kept longest to take a newly released one.
 */
public final class BufferPool {

  /** System property: the most memory all pools of the process keep, in megabytes (0 turns pooling off). */
  public static final String PROPERTY = "solider.executor.poolMb";
  static final long MIN_DEFAULT_BYTES = 1L << 30;

  private static final Budget PROCESS_BUDGET = new Budget(configuredCapacity());
  // Gives a pool's budget back when its thread is gone (its buffers are freed by ND4J's own GC hook).
  private static final Cleaner CLEANER = Cleaner.create();

  // Per thread, as the executors that use it (SameDiff graphs are single-threaded): a thread's
  // buffers are only ever handed to the same thread, so no locking is needed.
  private static final ThreadLocal<BufferPool> POOLS = ThreadLocal.withInitial(() -> new BufferPool(PROCESS_BUDGET));

  private record Key(DataType type, long length) {}

  /** A kept buffer: its key and its number in the order of release. */
  private record Kept(Key key, DataBuffer buffer, long serial) {}

  /**
   * What the pool did since the last {@link #resetStatistics()}: requests served from a kept
   * buffer, requests that allocated a fresh one (and their bytes), the most it held, and the
   * budget. Misses that recur every step mean the budget is smaller than the graph's working set.
   */
  public record Statistics(long hits, long misses, long missedBytes, long peakHeldBytes, long capacityBytes) {}

  /** Bytes the pools sharing a budget may keep together, and what they keep now. */
  static final class Budget {
    private final long capacity;
    private final AtomicLong held = new AtomicLong();

    Budget(long capacity) {
      this.capacity = capacity;
    }

    boolean take(long bytes) {
      long h;
      do {
        h = held.get();
        if (h + bytes > capacity) {
          return false;
        }
      } while (!held.compareAndSet(h, h + bytes));
      return true;
    }

    void give(long bytes) {
      held.addAndGet(-bytes);
    }

    long capacity() {
      return capacity;
    }

    long held() {
      return held.get();
    }
  }

  /** What one pool holds of its budget; outlives the pool so a cleaner can give it back. */
  private static final class Account implements Runnable {
    private final Budget budget;
    private long held;

    Account(Budget budget) {
      this.budget = budget;
    }

    @Override
    public void run() {
      budget.give(held);
      held = 0;
    }
  }

  private final Map<Key, ArrayDeque<Kept>> free = new HashMap<>();
  /** Every kept buffer by serial, oldest release first: a full pool frees from the front. */
  private final LinkedHashMap<Long, Kept> byAge = new LinkedHashMap<>();
  private final Budget budget;
  private final Account account;
  /** This pool's own limit under the shared budget (see {@link #limit}). */
  private long limit = Long.MAX_VALUE;
  private long serial;
  private long hits;
  private long misses;
  private long missedBytes;
  private long peakHeld;

  /** A pool of its own (tests), keeping at most {@code capacityBytes}. */
  BufferPool(long capacityBytes) {
    this(new Budget(capacityBytes));
  }

  /** A pool drawing on {@code budget}, which other pools may share. */
  BufferPool(Budget budget) {
    this.budget = budget;
    this.account = new Account(budget);
    CLEANER.register(this, account);
  }

  /** The calling thread's pool. */
  public static BufferPool current() {
    return POOLS.get();
  }

  /** The property's value, or a quarter of the machine's memory and at least 1 GiB. */
  private static long configuredCapacity() {
    Long mb = Long.getLong(PROPERTY);
    if (mb != null) {
      return Math.max(0, mb) << 20;
    }
    long physical = 0;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      physical = os.getTotalMemorySize(); // the container's limit where there is one
    }
    return Math.max(MIN_DEFAULT_BYTES, physical / 4);
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
      misses++;
      missedBytes += length * type.width();
      return Nd4j.createUninitializedDetached(type, 'c', shape);
    }
    hits++;
    byAge.remove(k.serial());
    unaccount(bytes(k.buffer()));
    return Nd4j.create(k.buffer(), shape, Nd4j.getStrides(shape, 'c'), 0, 'c');
  }

  /**
   * Takes back the buffer of {@code a}, which nothing reads any more (no view of it is in use);
   * frees it if it alone is larger than the budget or {@code a} does not own its buffer whole.
   * When the budget is spent, the pool frees its longest-kept buffers to make room (the shapes a
   * run asks for next are those it has just freed: the blocks of one stage, not those of a stage
   * it has left), or frees {@code a}'s buffer if it keeps none itself.
   */
  void release(INDArray a) {
    if (a == null || !a.closeable()) {
      return;
    }
    DataBuffer b = a.data();
    long n = bytes(b);
    if (a.isEmpty() || b.length() != a.length() || n > budget.capacity() || n > limit) {
      a.close();
      return;
    }
    while (account.held + n > limit) {
      freeOldest();
    }
    while (!budget.take(n)) {
      if (byAge.isEmpty()) { // the other pools hold the budget
        a.close();
        return;
      }
      freeOldest();
    }
    account.held += n;
    Key key = new Key(b.dataType(), b.length());
    Kept k = new Kept(key, b, serial++);
    free.computeIfAbsent(key, x -> new ArrayDeque<>()).addLast(k);
    byAge.put(k.serial(), k);
    peakHeld = Math.max(peakHeld, account.held);
  }

  private void freeOldest() {
    Kept oldest = byAge.values().iterator().next();
    byAge.remove(oldest.serial());
    free.get(oldest.key()).pollFirst(); // a key's buffers are kept in release order too
    unaccount(bytes(oldest.buffer()));
    if (oldest.buffer().closeable()) {
      oldest.buffer().close();
    }
  }

  private void unaccount(long n) {
    account.held -= n;
    budget.give(n);
  }

  /**
   * Keeps this pool (this thread's, for the current pool) to at most {@code bytes} until the
   * returned scope is closed, under the shared budget; frees its oldest buffers now if it keeps
   * more. For work whose many shapes a larger pool would hoard without saving time.
   */
  public Scope limit(long bytes) {
    long before = limit;
    limit = Math.min(before, Math.max(0, bytes));
    while (account.held > limit) {
      freeOldest();
    }
    return () -> limit = before;
  }

  /** The end of a {@link #limit}: restores the limit it replaced. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** Bytes this pool keeps now. */
  public long heldBytes() {
    return account.held;
  }

  /** The counts since the last reset. */
  public Statistics statistics() {
    return new Statistics(hits, misses, missedBytes, peakHeld, budget.capacity());
  }

  /** Starts the counts afresh (the peak from what is held now). */
  public void resetStatistics() {
    hits = 0;
    misses = 0;
    missedBytes = 0;
    peakHeld = account.held;
  }

  /** Frees every kept buffer (for instance between phases that use different shapes). */
  public void clear() {
    while (!byAge.isEmpty()) {
      freeOldest();
    }
  }

  private static long bytes(DataBuffer b) {
    return b.length() * b.getElementSize();
  }
}
