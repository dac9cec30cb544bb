package io.solider.tasks.common;

import io.solider.nn.io.AtomicFiles;
import io.solider.nn.io.Npy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A command's result files, each written to a temporary sibling and renamed into place, so a
 * reader never sees half a file: text (CSV), {@code .npy} arrays and PNG pictures.
 */
public final class OutputFiles {

  private OutputFiles() {}

  /** Writes UTF-8 text. */
  public static void writeText(String text, Path file) throws IOException {
    write(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
  }

  /** Writes a C-order {@code .npy} array. */
  public static void writeNpy(INDArray array, Path file) throws IOException {
    write(file, tmp -> {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        Npy.write(array, out);
      }
    });
  }

  /** Writes a PNG picture. */
  public static void writePng(BufferedImage image, Path file) throws IOException {
    write(file, tmp -> {
      if (!ImageIO.write(image, "png", tmp.toFile())) {
        throw new IOException("no PNG writer for " + file);
      }
    });
  }

  /** Quotes a CSV field when it holds a comma, quote or line break. */
  public static String csvField(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private interface Writer {
    void write(Path tmp) throws IOException;
  }

  private static void write(Path file, Writer w) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path tmp = AtomicFiles.tempSibling(file);
    try {
      w.write(tmp);
      AtomicFiles.moveIntoPlace(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
