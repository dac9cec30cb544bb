package io.solider.nn.image;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Decoding, resizing and normalising images into NCHW float tensors. */
public final class Images {

  /** File name endings read as images. */
  public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

  /**
   * The default limit on an image's pixels (width × height), checked from the header before the
   * pixels are decoded: Pillow's {@code Image.MAX_IMAGE_PIXELS} (89,478,485, a quarter GiB of
   * 24-bit pixels), far above any person crop or scene of the benchmarks (CityPersons: 2 M), far
   * below what a decompression bomb declares.
   */
  public static final long DEFAULT_MAX_PIXELS = 89_478_485L;

  private Images() {}

  /**
   * Decodes an image file to RGB, refusing images of more than {@link #DEFAULT_MAX_PIXELS} pixels.
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws ImageDecodeException if it exists but does not decode, or is too large
   */
  public static BufferedImage decode(Path file) throws IOException {
    return decode(file, DEFAULT_MAX_PIXELS);
  }

  /**
   * Decodes an image file to RGB. Its dimensions are read from the header first: an image of more
   * than {@code maxPixels} pixels is refused before any pixel memory is allocated, so a
   * decompression bomb (a small file declaring 20000×20000) is an {@link ImageDecodeException}
   * like any other undecodable file, not an out-of-memory error.
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws ImageDecodeException if it exists but does not decode, or declares more than
   *     {@code maxPixels} pixels
   */
  public static BufferedImage decode(Path file, long maxPixels) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString());
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      return decode(in, file, maxPixels);
    } catch (ImageDecodeException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageDecodeException(file, e.getMessage() == null ? "corrupt or truncated image" : e.getMessage());
    }
  }

  /**
   * Decodes an image from a stream (e.g. bytes read from a distributed file system) to RGB with
   * the {@link #DEFAULT_MAX_PIXELS} limit; {@code source} names it in errors. The stream is not
   * closed.
   *
   * @throws ImageDecodeException if the bytes do not decode, or declare too many pixels
   */
  public static BufferedImage decode(InputStream stream, Path source) throws ImageDecodeException {
    try (ImageInputStream in = ImageIO.createImageInputStream(stream)) {
      return decode(in, source, DEFAULT_MAX_PIXELS);
    } catch (ImageDecodeException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageDecodeException(source, e.getMessage() == null ? "corrupt or truncated image" : e.getMessage());
    }
  }

  /** The header check and the decoding behind both {@code decode} entry points. */
  private static BufferedImage decode(ImageInputStream in, Path source, long maxPixels) throws ImageDecodeException {
    BufferedImage img;
    Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
    if (readers == null || !readers.hasNext()) {
      throw new ImageDecodeException(source, "not a supported image format");
    }
    ImageReader reader = readers.next();
    try {
      reader.setInput(in, true, true);
      int w = reader.getWidth(0);
      int h = reader.getHeight(0);
      if (w <= 0 || h <= 0) {
        throw new ImageDecodeException(source, "empty image (" + w + "x" + h + ")");
      }
      if ((long) w * h > maxPixels) {
        throw new ImageDecodeException(source, String.format(Locale.ROOT,
            "its header declares %dx%d = %,d pixels, more than the limit of %,d (a decompression bomb?)",
            w, h, (long) w * h, maxPixels));
      }
      img = reader.read(0);
    } catch (ImageDecodeException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageDecodeException(source, e.getMessage() == null ? "corrupt or truncated image" : e.getMessage());
    } catch (RuntimeException e) {
      throw new ImageDecodeException(source, "corrupt or truncated image data");
    } finally {
      reader.dispose();
    }
    if (img == null) {
      throw new ImageDecodeException(source, "not a supported image format");
    }
    return toRgb(img);
  }

  /** Returns {@code img} as {@link BufferedImage#TYPE_INT_RGB} (alpha dropped). */
  public static BufferedImage toRgb(BufferedImage img) {
    if (img.getType() == BufferedImage.TYPE_INT_RGB) {
      return img;
    }
    BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    g.drawImage(img, 0, 0, null);
    g.dispose();
    return rgb;
  }

  /**
   * Bilinear resize to {@code height × width}, pixel-exact with Pillow's (and so torchvision's)
   * {@code Resize} as the release's pipelines use it; see {@link PilBilinear}.
   */
  public static BufferedImage resize(BufferedImage img, int height, int width) {
    if (img.getHeight() == height && img.getWidth() == width) {
      return img;
    }
    return PilBilinear.resize(toRgb(img), height, width);
  }

  /** Writes the normalised pixels of {@code img} into {@code dst[offset…]} as C×H×W. */
  public static void toChw(BufferedImage img, ImageNormalization norm, float[] dst, int offset) {
    int h = img.getHeight();
    int w = img.getWidth();
    int[] px = img.getRGB(0, 0, w, h, null, 0, w);
    int plane = h * w;
    for (int i = 0; i < plane; i++) {
      int p = px[i];
      dst[offset + i] = norm.apply(0, (p >> 16) & 0xff);
      dst[offset + plane + i] = norm.apply(1, (p >> 8) & 0xff);
      dst[offset + 2 * plane + i] = norm.apply(2, p & 0xff);
    }
  }

  /** Decodes, resizes and normalises images into one (N, 3, height, width) float array. */
  public static INDArray loadBatch(List<Path> files, int height, int width, ImageNormalization norm)
      throws IOException {
    int per = 3 * height * width;
    float[] data = new float[files.size() * per];
    for (int i = 0; i < files.size(); i++) {
      toChw(resize(decode(files.get(i)), height, width), norm, data, i * per);
    }
    return Nd4j.create(data, new long[] {files.size(), 3, height, width}, 'c').castTo(DataType.FLOAT);
  }

  /** The image files directly in {@code dir} or below it, sorted by path. */
  public static List<Path> listImages(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "not a directory");
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(Images::isImageFile).sorted().toList();
    }
  }

  /** True when the file name ends with a known image extension. */
  public static boolean isImageFile(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = n.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1));
  }
}
