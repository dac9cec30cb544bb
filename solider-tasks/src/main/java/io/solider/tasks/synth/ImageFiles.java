package io.solider.tasks.synth;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Writes JPEG and PNG files with javax.imageio (fixed settings, so bytes are reproducible). */
public final class ImageFiles {

  private ImageFiles() {}

  /** Writes {@code img} as a JPEG of quality 0.92, creating parent folders. */
  public static void writeJpeg(BufferedImage img, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (OutputStream os = Files.newOutputStream(file);
        ImageOutputStream out = ImageIO.createImageOutputStream(os)) {
      ImageWriteParam p = w.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(0.92f);
      w.setOutput(out);
      w.write(null, new IIOImage(img, null, null), p);
    } finally {
      w.dispose();
    }
  }

  /** Writes {@code img} as PNG (fast, light deflate), creating parent folders. */
  public static void writePng(BufferedImage img, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    ImageWriter w = ImageIO.getImageWritersByFormatName("png").next();
    try (OutputStream os = Files.newOutputStream(file);
        ImageOutputStream out = ImageIO.createImageOutputStream(os)) {
      ImageWriteParam p = w.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(0.75f);
      w.setOutput(out);
      w.write(null, new IIOImage(img, null, null), p);
    } finally {
      w.dispose();
    }
  }

  /** A single-channel 8-bit image holding {@code labels} (row-major, values 0–255). */
  public static BufferedImage labelImage(byte[] labels, int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setDataElements(0, 0, width, height, labels);
    return img;
  }
}
