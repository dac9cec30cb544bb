package io.solider.nn.image;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Decoding, resizing and normalising images into NCHW float tensors. */
public final class Images {

  /** File name endings read as images. */
  public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

  private Images() {}

  /**
   * Decodes an image file to RGB.
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws ImageDecodeException if it exists but does not decode
   */
  public static BufferedImage decode(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString());
    }
    try (InputStream in = Files.newInputStream(file)) {
      return decode(in, file);
    } catch (ImageDecodeException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageDecodeException(file, String.valueOf(e.getMessage()));
    }
  }

  /**
   * Decodes an image from a stream (e.g. bytes read from a distributed file system) to RGB;
   * {@code source} names it in errors. The stream is not closed.
   *
   * @throws ImageDecodeException if the bytes do not decode
   */
  public static BufferedImage decode(InputStream in, Path source) throws ImageDecodeException {
    BufferedImage img;
    try {
      img = ImageIO.read(in);
    } catch (IOException | RuntimeException e) {
      throw new ImageDecodeException(source, String.valueOf(e.getMessage()));
    }
    if (img == null) {
      throw new ImageDecodeException(source, "not a supported image format");
    }
    if (img.getWidth() <= 0 || img.getHeight() <= 0) {
      throw new ImageDecodeException(source, "empty image");
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
