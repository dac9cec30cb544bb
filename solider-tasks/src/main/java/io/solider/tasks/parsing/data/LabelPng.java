package io.solider.tasks.parsing.data;

import io.solider.nn.io.AtomicFiles;
import io.solider.tasks.common.DatasetFormatException;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Label maps as PNG files, read and written as raw samples: the pixel value of a grayscale PNG or
 * the palette index of a palette PNG is the label, never a colour converted to RGB or luminance
 * (what {@code np.array(PIL.Image.open(f))} gives, and what the release's evaluation reads).
 *
 * <p>Accepted: grayscale at 8 or 1 bits per pixel, and palette PNGs at 1, 2, 4 or 8 bits. Anything
 * else (RGB, grayscale with alpha, 16-bit, 2- or 4-bit grayscale, whose samples Pillow rescales) is
 * rejected with the file and what it is.
 */
public final class LabelPng {

  /** Largest label map read (pixels); guards against decompression bombs. */
  public static final long MAX_PIXELS = 1L << 27;

  private static final byte[] SIGNATURE = {(byte) 137, 'P', 'N', 'G', 13, 10, 26, 10};

  private LabelPng() {}

  /**
   * Reads the labels of {@code file}.
   *
   * @throws NoSuchFileException if it does not exist
   * @throws DatasetFormatException if it is not a PNG of an accepted kind, or does not decode
   */
  public static PartMask read(Path file) throws IOException {
    Header h = header(file);
    BufferedImage img;
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("png");
      ImageReader reader = it.next();
      try {
        reader.setInput(in, true, true);
        img = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw new DatasetFormatException(file, "PNG does not decode: " + e.getMessage(), e);
    }
    if (img.getWidth() != h.width() || img.getHeight() != h.height()) {
      throw new DatasetFormatException(file, "PNG decodes to " + img.getWidth() + "×" + img.getHeight()
          + " but its header says " + h.width() + "×" + h.height());
    }
    // Band 0 holds the gray value or the palette index (a tRNS chunk may add an alpha band).
    Raster r = img.getRaster();
    int[] labels = r.getSamples(0, 0, h.width(), h.height(), 0, (int[]) null);
    return new PartMask(h.width(), h.height(), labels);
  }

  /**
   * Writes {@code labels} as an 8-bit palette PNG with {@link LipPalette}'s colours (LIP's, the
   * release's {@code get_palette}), so that viewers show the parts in colour while the file still
   * holds the class ids. Written atomically.
   *
   * @throws IllegalArgumentException if a label is outside 0–255
   */
  public static void writePalette(PartMask labels, Path file) throws IOException {
    int[] rgb = LipPalette.colours(256);
    byte[] r = new byte[256];
    byte[] g = new byte[256];
    byte[] b = new byte[256];
    for (int i = 0; i < 256; i++) {
      r[i] = (byte) (rgb[i] >> 16);
      g[i] = (byte) (rgb[i] >> 8);
      b[i] = (byte) rgb[i];
    }
    BufferedImage img = new BufferedImage(labels.width(), labels.height(), BufferedImage.TYPE_BYTE_INDEXED,
        new IndexColorModel(8, 256, r, g, b));
    WritableRaster raster = img.getRaster();
    for (int v : labels.labels()) {
      if (v < 0 || v > 255) {
        throw new IllegalArgumentException("label " + v + " does not fit an 8-bit PNG");
      }
    }
    raster.setSamples(0, 0, labels.width(), labels.height(), 0, labels.labels());
    Path tmp = AtomicFiles.tempSibling(file);
    try {
      if (!ImageIO.write(img, "png", tmp.toFile())) {
        throw new IOException("no PNG writer");
      }
      AtomicFiles.moveIntoPlace(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The IHDR fields that decide how samples are read. */
  record Header(int width, int height, int bitDepth, int colourType) {}

  static Header header(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString());
    }
    byte[] head = new byte[33];
    try (InputStream in = Files.newInputStream(file)) {
      new DataInputStream(in).readFully(head);
    } catch (EOFException e) {
      throw new DatasetFormatException(file, "not a PNG file (too short)");
    }
    for (int i = 0; i < SIGNATURE.length; i++) {
      if (head[i] != SIGNATURE[i]) {
        throw new DatasetFormatException(file, "not a PNG file");
      }
    }
    if (head[12] != 'I' || head[13] != 'H' || head[14] != 'D' || head[15] != 'R') {
      throw new DatasetFormatException(file, "PNG without an IHDR header");
    }
    int width = readInt(head, 16);
    int height = readInt(head, 20);
    int depth = head[24] & 0xff;
    int colour = head[25] & 0xff;
    if (width <= 0 || height <= 0) {
      throw new DatasetFormatException(file, "PNG with size " + width + "×" + height);
    }
    if ((long) width * height > MAX_PIXELS) {
      throw new DatasetFormatException(file, "PNG of " + width + "×" + height + " pixels is larger than the "
          + MAX_PIXELS + "-pixel limit");
    }
    boolean gray = colour == 0 && (depth == 8 || depth == 1);
    boolean palette = colour == 3 && (depth == 1 || depth == 2 || depth == 4 || depth == 8);
    if (!gray && !palette) {
      throw new DatasetFormatException(file, "a label PNG must be 8-bit grayscale or a palette PNG (values or palette"
          + " indices are the labels); this one is " + describe(depth, colour));
    }
    return new Header(width, height, depth, colour);
  }

  private static String describe(int depth, int colour) {
    String kind = switch (colour) {
      case 0 -> "grayscale";
      case 2 -> "RGB";
      case 3 -> "palette";
      case 4 -> "grayscale+alpha";
      case 6 -> "RGBA";
      default -> "colour type " + colour;
    };
    return depth + "-bit " + kind;
  }

  private static int readInt(byte[] b, int off) {
    return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
  }
}
