package io.solider.spark.eval;

/**
 * How the distributed re-id evaluation moves the gallery to the executors: broadcast whole (every
 * executor holds all of it) or in blocks of rows (a task holds one block). With {@code blockRows}
 * 0 the choice is automatic: broadcast while the normalised gallery (4 bytes × rows × dimension)
 * is at most {@code maxBroadcastBytes}, blocks of about {@link #AUTO_BLOCK_BYTES} above it.
 *
 * @param blockRows gallery rows per block; 0 = automatic
 * @param maxBroadcastBytes the largest gallery broadcast in the automatic choice
 */
public record GalleryBlocking(int blockRows, long maxBroadcastBytes) {

  /** Default broadcast limit: 1 GiB of float32 features (about 350,000 rows of 768 dimensions). */
  public static final long DEFAULT_MAX_BROADCAST_BYTES = 1L << 30;

  /**
   * Size of an automatic gallery block, and the most query rows one task carries: tasks ship their
   * blocks inside the task message, which Spark caps at {@code spark.rpc.message.maxSize} (128 MiB).
   */
  public static final long AUTO_BLOCK_BYTES = 32L << 20;

  public GalleryBlocking {
    if (blockRows < 0) {
      throw new IllegalArgumentException("gallery block rows must be >= 0 (0: automatic), got " + blockRows);
    }
    if (maxBroadcastBytes < 0) {
      throw new IllegalArgumentException("the broadcast limit must be >= 0 bytes, got " + maxBroadcastBytes);
    }
  }

  /** Automatic with the default broadcast limit. */
  public static GalleryBlocking automatic() {
    return new GalleryBlocking(0, DEFAULT_MAX_BROADCAST_BYTES);
  }

  /** Always blocked, {@code rows} gallery rows per block. */
  public static GalleryBlocking blocked(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("gallery block rows must be >= 1, got " + rows);
    }
    return new GalleryBlocking(rows, DEFAULT_MAX_BROADCAST_BYTES);
  }

  /** Always broadcast. */
  public static GalleryBlocking broadcast() {
    return new GalleryBlocking(0, Long.MAX_VALUE);
  }

  /**
   * Gallery rows per block for a gallery of {@code rows × dim}, or 0 when it is to be broadcast.
   */
  public int rowsPerBlock(long rows, int dim) {
    if (blockRows > 0) {
      return blockRows;
    }
    if (4L * rows * dim <= maxBroadcastBytes) {
      return 0;
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, AUTO_BLOCK_BYTES / (4L * dim)));
  }
}
