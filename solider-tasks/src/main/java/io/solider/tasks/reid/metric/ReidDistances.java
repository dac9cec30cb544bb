package io.solider.tasks.reid.metric;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Distances of the re-id protocol computed with ND4J matrix products, block by block, so that
 * Market-sized sets (3,368 × 19,732) take seconds: squared Euclidean distance
 * ‖q‖² + ‖g‖² − 2 q·gᵀ, as the release's {@code euclidean_distance}.
 */
public final class ReidDistances {

  /**
   * Rows of the left matrix per matrix product, counted from row 0. A distributed evaluation
   * splits queries at multiples of it, so that every product, and so every distance, is the same.
   */
  public static final int BLOCK = 512;

  /**
   * Gallery columns per matrix product, counted from gallery row 0; the last chunk is zero-padded
   * to this width. Fixed, so that a distributed evaluation holding any block of the gallery takes
   * the very products of the whole-gallery computation ({@link #forEachBlock(INDArray, INDArray,
   * long, INDArray, RowConsumer)}).
   */
  public static final int GALLERY_BLOCK = 2048;

  private ReidDistances() {}

  /** Rows divided by their L2 norm (at least 1e-12, as {@code torch.nn.functional.normalize}); float32. */
  public static INDArray normalise(INDArray features) {
    requireMatrix(features, "features");
    INDArray f = features.castTo(DataType.FLOAT).dup('c');
    INDArray norms = f.norm2(1).reshape(f.rows(), 1);
    norms = org.nd4j.linalg.ops.transforms.Transforms.max(norms, 1e-12, false);
    return f.diviColumnVector(norms);
  }

  /** Squared Euclidean distances {@code [q][g]} between the rows of two float matrices. */
  public static double[][] squaredEuclidean(INDArray query, INDArray gallery) {
    double[][] out = new double[(int) query.rows()][];
    forEachBlock(query, gallery, (row, values) -> {
      double[] d = new double[values.length];
      for (int j = 0; j < d.length; j++) {
        d[j] = values[j];
      }
      out[row] = d;
    });
    return out;
  }

  /** Receives one row of a distance matrix (float32, as computed). */
  @FunctionalInterface
  public interface RowConsumer {
    /** Row {@code row}'s distances; the array is owned by the receiver. */
    void accept(int row, float[] distances);
  }

  /**
   * Squared L2 norm of every row of a matrix, in float32, as a (1, rows) row vector: the gallery
   * term of {@link #forEachBlock}.
   */
  public static INDArray squaredNorms(INDArray features) {
    requireMatrix(features, "gallery");
    INDArray b = features.castTo(DataType.FLOAT);
    return b.mul(b).sum(1).reshape(1, b.rows());
  }

  /** Computes the squared distance matrix block by block and hands over each row. */
  public static void forEachBlock(INDArray left, INDArray right, RowConsumer consumer) {
    forEachBlock(left, right, 0, squaredNorms(right), consumer);
  }

  /**
   * Computes the squared distances of the query rows {@code left} to gallery rows {@code
   * galleryOffset …} of a gallery, {@code right} holding just those rows and {@code
   * rightSquaredNorms} their squared norms ({@link #squaredNorms} of the whole gallery, a (1, rows)
   * float vector), and hands over each query row's distances to them.
   *
   * <p>Every distance is the number the whole-gallery computation gives, however the gallery is cut:
   * the products are taken {@link #BLOCK} query rows by {@link #GALLERY_BLOCK} gallery columns,
   * both counted from row 0, each gallery chunk zero-padded to its full width with every row at its
   * own column. A BLAS product's value of one element depends on the product's shape and the
   * element's position in it (kernels, edge handling), not on the other columns' values, so equal
   * shapes and positions give equal numbers.
   */
  public static void forEachBlock(INDArray left, INDArray right, long galleryOffset, INDArray rightSquaredNorms,
      RowConsumer consumer) {
    requireMatrix(left, "query");
    requireMatrix(right, "gallery");
    if (left.columns() != right.columns()) {
      throw new IllegalArgumentException("feature dimensions differ: " + left.columns() + " vs " + right.columns());
    }
    if (rightSquaredNorms.length() != right.rows()) {
      throw new IllegalArgumentException(rightSquaredNorms.length() + " squared norms for " + right.rows() + " gallery rows");
    }
    if (galleryOffset < 0) {
      throw new IllegalArgumentException("gallery offset must be >= 0, got " + galleryOffset);
    }
    INDArray a = left.castTo(DataType.FLOAT);
    int n = (int) a.rows();
    int m = (int) right.rows();
    List<GalleryChunk> chunks = GalleryChunk.cover(right, galleryOffset, rightSquaredNorms);
    for (int start = 0; start < n; start += BLOCK) {
      int end = Math.min(n, start + BLOCK);
      INDArray block = a.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()).dup('c');
      INDArray aSq = block.mul(block).sum(1).reshape(end - start, 1);
      float[][] rows = new float[end - start][m];
      for (GalleryChunk c : chunks) {
        INDArray d = block.mmul(c.transposed()).muli(-2).addiColumnVector(aSq).addiRowVector(c.squaredNorms());
        float[] flat = d.dup('c').data().asFloat();
        for (int r = 0; r < end - start; r++) {
          System.arraycopy(flat, r * GALLERY_BLOCK + c.firstColumn(), rows[r], c.firstRow(), c.rows());
        }
        d.close();
      }
      for (int r = 0; r < end - start; r++) {
        consumer.accept(start + r, rows[r]);
      }
      block.close();
      aSq.close();
    }
    chunks.forEach(GalleryChunk::close);
  }

  /**
   * The gallery rows of one {@link #GALLERY_BLOCK}-wide chunk that a gallery block holds, placed
   * at their columns in a zero matrix of the chunk's full width.
   *
   * @param transposed (dim, GALLERY_BLOCK), the right operand of the product
   * @param squaredNorms (1, GALLERY_BLOCK), zero outside the rows held
   * @param firstColumn the first column held
   * @param firstRow its row in the gallery block
   * @param rows how many rows are held
   */
  private record GalleryChunk(INDArray transposed, INDArray squaredNorms, int firstColumn, int firstRow, int rows) {

    static List<GalleryChunk> cover(INDArray right, long offset, INDArray norms) {
      int m = (int) right.rows();
      int dim = (int) right.columns();
      float[] b = right.castTo(DataType.FLOAT).dup('c').data().asFloat();
      float[] sq = norms.castTo(DataType.FLOAT).dup('c').data().asFloat();
      List<GalleryChunk> out = new ArrayList<>();
      int row = 0;
      while (row < m) {
        int column = (int) ((offset + row) % GALLERY_BLOCK);
        int count = Math.min(GALLERY_BLOCK - column, m - row);
        float[] chunk = new float[GALLERY_BLOCK * dim];
        System.arraycopy(b, row * dim, chunk, column * dim, count * dim);
        float[] chunkSq = new float[GALLERY_BLOCK];
        System.arraycopy(sq, row, chunkSq, column, count);
        INDArray c = Nd4j.create(chunk, new long[] {GALLERY_BLOCK, dim}, 'c');
        out.add(new GalleryChunk(c.transpose().dup('f'), Nd4j.create(chunkSq, new long[] {1, GALLERY_BLOCK}, 'c'),
            column, row, count));
        c.close();
        row += count;
      }
      return out;
    }

    void close() {
      transposed.close();
      squaredNorms.close();
    }
  }

  private static void requireMatrix(INDArray x, String what) {
    if (x.rank() != 2) {
      throw new IllegalArgumentException(what + " features must be a 2-D (N, D) array, got shape "
          + java.util.Arrays.toString(x.shape()));
    }
  }
}
