package io.solider.nn.exec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;

/**
 * Kept buffers are handed out again by type and length; a full pool makes room by freeing its
 * oldest; pools sharing a budget keep no more than it together.
 */
class BufferPoolTest {

  private static INDArray allocate(BufferPool pool, long... shape) {
    return pool.allocate(LongShapeDescriptor.fromShape(shape, DataType.FLOAT), DataType.FLOAT);
  }

  @Test
  void aReleasedBufferIsReusedForTheSameLengthInAnyShape() {
    BufferPool pool = new BufferPool(1 << 20);
    INDArray a = allocate(pool, 10, 20);
    DataBuffer b = a.data();
    pool.release(a);
    assertThat(pool.heldBytes()).isEqualTo(800);
    INDArray again = allocate(pool, 200);
    assertThat(again.data()).isSameAs(b);
    assertThat(again.shape()).containsExactly(200);
    assertThat(pool.heldBytes()).isZero();
    INDArray other = allocate(pool, 201);
    assertThat(other.data()).isNotSameAs(b);
    pool.clear();
  }

  @Test
  void aFullPoolFreesItsOldestBuffersFirst() {
    BufferPool pool = new BufferPool(12_000);
    INDArray first = allocate(pool, 1000);
    INDArray second = allocate(pool, 1000);
    INDArray large = allocate(pool, 2000);
    DataBuffer secondBuffer = second.data();
    DataBuffer largeBuffer = large.data();
    pool.release(first);
    pool.release(second);
    pool.release(large); // 4000 + 4000 + 8000 bytes: the first-released buffer goes
    assertThat(pool.heldBytes()).isEqualTo(12_000);
    assertThat(allocate(pool, 1000).data()).isSameAs(secondBuffer);
    assertThat(allocate(pool, 1000).data()).isNotSameAs(secondBuffer); // none left: a fresh one
    assertThat(allocate(pool, 2000).data()).isSameAs(largeBuffer);
    assertThat(pool.heldBytes()).isZero();
  }

  @Test
  void aBufferLargerThanThePoolIsFreedAtOnce() {
    BufferPool pool = new BufferPool(1000);
    INDArray big = allocate(pool, 1000);
    pool.release(big);
    assertThat(pool.heldBytes()).isZero();
    assertThat(big.wasClosed()).isTrue();
  }

  @Test
  void poolsSharingABudgetKeepNoMoreThanItTogether() {
    BufferPool.Budget budget = new BufferPool.Budget(8000);
    BufferPool a = new BufferPool(budget);
    BufferPool b = new BufferPool(budget);
    INDArray x = allocate(a, 2000);
    INDArray y = allocate(b, 1000);
    a.release(x); // 8000 bytes: the whole budget
    assertThat(budget.held()).isEqualTo(8000);
    b.release(y); // b keeps nothing it could free, so y's buffer goes
    assertThat(y.wasClosed()).isTrue();
    assertThat(b.heldBytes()).isZero();
    INDArray z = allocate(a, 1000);
    a.release(z); // a frees its own oldest (x's buffer) to keep z's
    assertThat(x.data().wasClosed()).isTrue();
    assertThat(a.heldBytes()).isEqualTo(4000);
    assertThat(budget.held()).isEqualTo(4000);
    a.clear();
    assertThat(budget.held()).isZero();
  }

  @Test
  void theDefaultBudgetIsAtLeastOneGibibyte() {
    // A smaller budget than a graph's working set turns every request into a fresh allocation.
    assertThat(System.getProperty(BufferPool.PROPERTY)).isNull();
    assertThat(BufferPool.current().statistics().capacityBytes()).isGreaterThanOrEqualTo(1L << 30);
  }

  @Test
  void aLimitKeepsThePoolSmallerUntilItsScopeEnds() {
    BufferPool pool = new BufferPool(1 << 20);
    INDArray a = allocate(pool, 1000);
    INDArray b = allocate(pool, 1000);
    INDArray c = allocate(pool, 1000);
    pool.release(a);
    pool.release(b);
    try (BufferPool.Scope s = pool.limit(6000)) {
      assertThat(pool.heldBytes()).isEqualTo(4000); // frees its oldest to fit at once
      assertThat(a.data().wasClosed()).isTrue();
      pool.release(c); // 8000 would not fit: the oldest kept goes again
      assertThat(pool.heldBytes()).isEqualTo(4000);
      assertThat(b.data().wasClosed()).isTrue();
    }
    INDArray d = allocate(pool, 1000);
    INDArray e = allocate(pool, 1000);
    pool.release(d);
    pool.release(e);
    assertThat(pool.heldBytes()).isEqualTo(8000); // the scope is over
    pool.clear();
  }
}
