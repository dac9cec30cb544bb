package io.solider.nn.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1–3).
 *
 * <p>Reading accepts little-endian float16/32/64, int8/16/32/64, uint8 and bool in C or Fortran
 * order and returns an array of the matching ND4J type. Writing always produces C-order
 * little-endian data of the array's type, readable by {@code numpy.load}.
 */
public final class Npy {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** Header of an {@code .npy} file: element type, order and shape. */
  public record Header(String descr, boolean fortranOrder, long[] shape, int dataOffset) {

    /** Number of elements. */
    public long length() {
      return Shapes.length(shape);
    }

    /** ND4J type of the elements. */
    public DataType dataType() {
      return dtypeOf(descr);
    }
  }

  /** Largest {@code .npy} file read whole (one Java array). */
  public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8L;
  /** Most dimensions accepted (NumPy's limit is 64). */
  static final int MAX_RANK = 64;

  /**
   * Reads an {@code .npy} file into a new array (an empty array for a shape with a zero).
   *
   * @throws IOException naming the file for a missing, malformed, truncated or too large file
   */
  public static INDArray read(Path file) throws IOException {
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new IOException(file + ": .npy file of " + size + " bytes is larger than the 2 GB this reader takes");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "no such .npy file");
    }
    return read(ByteBuffer.wrap(bytes), file.toString());
  }

  /** Reads an {@code .npy} stream (e.g. an entry of an {@code .npz} archive) into a new array. */
  public static INDArray read(InputStream in, String source) throws IOException {
    return read(ByteBuffer.wrap(in.readAllBytes()), source);
  }

  /**
   * Reads an {@code .npy} image held in {@code buf} (from its position).
   *
   * @param source a name for error messages
   */
  public static INDArray read(ByteBuffer buf, String source) throws IOException {
    Header h = readHeader(buf, source);
    long n = h.length();
    DataType type = h.dataType();
    long need = n * type.width();
    if (buf.remaining() < h.dataOffset() + need) {
      throw new IOException(source + ": truncated .npy data: shape " + Arrays.toString(h.shape())
          + " needs " + need + " bytes, file has " + (buf.remaining() - h.dataOffset()));
    }
    ByteBuffer data = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    data.position(buf.position() + h.dataOffset());
    data.limit((int) (data.position() + need));
    return toArray(data.slice().order(ByteOrder.LITTLE_ENDIAN), type, h.shape(), h.fortranOrder() ? 'f' : 'c');
  }

  /** Parses the header at the buffer's position; the returned offset is relative to it. */
  public static Header readHeader(ByteBuffer buf, String source) throws IOException {
    ByteBuffer b = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int start = b.position();
    if (b.remaining() < 10) {
      throw new IOException(source + ": not an .npy file (too short)");
    }
    for (byte m : MAGIC) {
      if (b.get() != m) {
        throw new IOException(source + ": not an .npy file (bad magic)");
      }
    }
    int major = b.get() & 0xff;
    b.get();
    long headerLen;
    if (major == 1) {
      headerLen = b.getShort() & 0xffff;
    } else if (major == 2 || major == 3) {
      headerLen = b.getInt() & 0xffffffffL;
    } else {
      throw new IOException(source + ": unsupported .npy format version " + major);
    }
    if (headerLen > b.remaining()) {
      throw new IOException(source + ": truncated .npy header");
    }
    byte[] hb = new byte[(int) headerLen];
    b.get(hb);
    String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) {
      throw new IOException(source + ": malformed .npy header: " + cut(header.trim()));
    }
    List<Long> dims = new ArrayList<>();
    String[] parts = s.group(1).split(",", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].trim();
      if (part.isEmpty() && (i == parts.length - 1 && i > 0 || parts.length == 1)) {
        continue; // "(3,)" and "()"
      }
      if (!part.matches("\\d{1,18}")) {
        throw new IOException(source + ": malformed .npy header: shape (" + cut(s.group(1)) + ")");
      }
      dims.add(Long.parseLong(part));
    }
    if (dims.size() > MAX_RANK) {
      throw new IOException(source + ": .npy array has " + dims.size() + " dimensions (at most " + MAX_RANK + ")");
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    long numel = 1;
    for (long dim : shape) {
      if (dim != 0 && numel > Long.MAX_VALUE / 16 / dim) {
        throw new IOException(source + ": .npy shape " + Arrays.toString(shape) + " is too large");
      }
      numel *= dim;
    }
    String descr = d.group(1);
    try {
      dtypeOf(descr);
    } catch (IllegalArgumentException e) {
      throw new IOException(source + ": " + cut(e.getMessage()));
    }
    return new Header(descr, f.group(1).equals("True"), shape, b.position() - start);
  }

  /** {@code text} cut to a length fit for a one-line message, control characters replaced. */
  private static String cut(String text) {
    String t = text.replaceAll("\\p{Cntrl}", "?");
    return t.length() > 120 ? t.substring(0, 120) + "…" : t;
  }

  /** Writes {@code array} as a C-order little-endian {@code .npy} file, through {@link AtomicFiles}. */
  public static void write(INDArray array, Path file) throws IOException {
    AtomicFiles.write(file, out -> write(array, out));
  }

  /** Writes {@code array} as a C-order little-endian {@code .npy} image to a stream. */
  public static void write(INDArray array, OutputStream out) throws IOException {
    DataType type = array.dataType();
    String descr = descrOf(type);
    long[] shape = array.shape();
    StringBuilder sb = new StringBuilder("{'descr': '").append(descr)
        .append("', 'fortran_order': False, 'shape': (");
    for (int i = 0; i < shape.length; i++) {
      sb.append(shape[i]).append(shape.length == 1 ? "," : (i < shape.length - 1 ? ", " : ""));
    }
    sb.append("), }");
    int unpadded = MAGIC.length + 4 + sb.length() + 1;
    int pad = (64 - unpadded % 64) % 64;
    sb.append(" ".repeat(pad)).append('\n');
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    head.write(MAGIC);
    head.write(1);
    head.write(0);
    int len = sb.length();
    head.write(len & 0xff);
    head.write((len >> 8) & 0xff);
    head.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(head.toByteArray());
    if (array.isEmpty()) {
      return; // a shape with a zero: header only (an empty array has no data buffer)
    }
    INDArray c = array.ordering() == 'c' && !array.isView() ? array : array.dup('c');
    ByteBuffer bb = c.data().asNio().order(ByteOrder.nativeOrder());
    ByteBuffer le = ByteBuffer.allocate((int) (c.length() * type.width())).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer src = bb.duplicate().order(ByteOrder.nativeOrder());
    src.position((int) (c.offset() * type.width()));
    src.limit((int) ((c.offset() + c.length()) * type.width()));
    if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
      le.put(src);
    } else {
      throw new IOException("big-endian hosts are not supported");
    }
    out.write(le.array());
  }

  /** Creates an array of {@code type} from little-endian bytes in {@code order}. */
  public static INDArray toArray(ByteBuffer le, DataType type, long[] shape, char order) {
    ByteBuffer data = le.order(ByteOrder.LITTLE_ENDIAN);
    long n = Shapes.length(shape);
    if (n == 0) {
      return Nd4j.create(type, shape); // an empty array: it has no buffer to copy into
    }
    INDArray flat = Nd4j.create(type, new long[] {n}, 'c');
    ByteBuffer dst = flat.data().asNio().order(ByteOrder.nativeOrder());
    dst.position(0);
    ByteBuffer src = data.duplicate();
    src.limit((int) (src.position() + n * type.width()));
    dst.put(src);
    if (shape.length == 0) {
      return flat.reshape();
    }
    INDArray shaped = Nd4j.create(flat.data(), shape, order == 'f' ? Shapes.fortranStrides(shape) : Shapes.cStrides(shape), 0, order, type);
    return order == 'f' ? shaped.dup('c') : shaped;
  }

  /** ND4J type for a NumPy type string such as {@code <f4}. */
  public static DataType dtypeOf(String descr) {
    if (descr.length() >= 2 && descr.charAt(0) == '>' && !descr.endsWith("1")) {
      throw new IllegalArgumentException("big-endian .npy data (" + descr + ") is not supported");
    }
    String t = descr.replaceFirst("^[<|=]", "");
    return switch (t) {
      case "f2" -> DataType.HALF;
      case "f4" -> DataType.FLOAT;
      case "f8" -> DataType.DOUBLE;
      case "i1" -> DataType.BYTE;
      case "u1" -> DataType.UBYTE;
      case "i2" -> DataType.SHORT;
      case "i4" -> DataType.INT;
      case "i8" -> DataType.LONG;
      case "b1" -> DataType.BOOL;
      default -> throw new IllegalArgumentException("unsupported .npy element type '" + descr + "'");
    };
  }

  private static String descrOf(DataType type) {
    return switch (type) {
      case HALF -> "<f2";
      case FLOAT -> "<f4";
      case DOUBLE -> "<f8";
      case BYTE -> "|i1";
      case UBYTE -> "|u1";
      case SHORT -> "<i2";
      case INT -> "<i4";
      case LONG -> "<i8";
      case BOOL -> "|b1";
      default -> throw new IllegalArgumentException("cannot write " + type + " as .npy");
    };
  }
}
