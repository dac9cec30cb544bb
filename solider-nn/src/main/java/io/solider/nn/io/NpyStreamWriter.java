package io.solider.nn.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes a float32 {@code .npy} file of shape (N, …) batch by batch, without holding all rows in
 * memory. N is the number of rows appended; the header is rewritten on {@link #close()}, and the
 * file appears under its name only then (temp file + rename), so a crash never leaves a
 * truncated array behind.
 */
public final class NpyStreamWriter implements AutoCloseable {

  /** Header room: enough for any shape, multiple of 64 as NumPy recommends. */
  private static final int HEADER_BYTES = 256;

  private final Path file;
  private final Path tmp;
  private final long[] rowShape;
  private final long rowLength;
  private final FileChannel channel;
  private long rows;
  private boolean closed;

  /**
   * @param rowShape shape of one row (everything after N)
   */
  public NpyStreamWriter(Path file, long... rowShape) throws IOException {
    this.file = file;
    this.rowShape = rowShape.clone();
    this.rowLength = Shapes.length(rowShape);
    this.tmp = AtomicFiles.tempSibling(file);
    this.channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
    channel.write(ByteBuffer.wrap(header(0)), 0);
    channel.position(HEADER_BYTES);
  }

  /** Appends the rows of {@code batch}, shape (n, rowShape…). */
  public void append(INDArray batch) throws IOException {
    long[] s = batch.shape();
    if (s.length != rowShape.length + 1 || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), rowShape)) {
      throw new IllegalArgumentException(file + ": batch shape " + Arrays.toString(s) + " does not fit rows of "
          + Arrays.toString(rowShape));
    }
    INDArray c = batch.dataType() == DataType.FLOAT ? batch : batch.castTo(DataType.FLOAT);
    float[] v = c.dup('c').data().asFloat();
    ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bb.asFloatBuffer().put(v);
    while (bb.hasRemaining()) {
      channel.write(bb);
    }
    rows += s[0];
  }

  /** Rows written so far. */
  public long rows() {
    return rows;
  }

  /** Finalises the header and moves the file into place. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (channel) {
      channel.write(ByteBuffer.wrap(header(rows)), 0);
      channel.force(false);
    }
    AtomicFiles.moveIntoPlace(tmp, file);
  }

  /** Drops the partial file (after a failure). */
  public void abort() {
    closed = true;
    try {
      channel.close();
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] header(long n) {
    StringBuilder shape = new StringBuilder().append(n);
    for (long d : rowShape) {
      shape.append(", ").append(d);
    }
    if (rowShape.length == 0) {
      shape.append(',');
    }
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape + "), }";
    int textLen = HEADER_BYTES - 10;
    String padded = dict + " ".repeat(textLen - dict.length() - 1) + "\n";
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) textLen);
    b.put(padded.getBytes(StandardCharsets.US_ASCII));
    return b.array();
  }
}
