package io.solider.tasks.parsing.data;

import io.solider.nn.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A picture of a parsing: the photo with every part (label 1–254) tinted in its {@link LipPalette}
 * colour; background (0) and ignored pixels (255) keep the photo's colour.
 */
public final class ParsingOverlay {

  private ParsingOverlay() {}

  /**
   * Blends {@code labels} over {@code image} (same size) with opacity {@code alpha} in [0, 1].
   *
   * @throws IllegalArgumentException if the sizes differ or alpha is outside [0, 1]
   */
  public static BufferedImage draw(BufferedImage image, PartMask labels, double alpha) {
    if (image.getWidth() != labels.width() || image.getHeight() != labels.height()) {
      throw new IllegalArgumentException("overlay: image is " + image.getWidth() + "×" + image.getHeight()
          + " but the labels are " + labels.width() + "×" + labels.height());
    }
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("overlay opacity must be in [0, 1], got " + alpha);
    }
    int[] palette = LipPalette.colours(256);
    int w = image.getWidth();
    int h = image.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] px = image.getRGB(0, 0, w, h, null, 0, w);
    int[] lab = labels.labels();
    for (int i = 0; i < px.length; i++) {
      int v = lab[i];
      if (v != 0 && v != Lip.IGNORE) {
        px[i] = blend(px[i], palette[v & 0xff], alpha);
      }
    }
    out.setRGB(0, 0, w, h, px, 0, w);
    return out;
  }

  private static int blend(int under, int over, double a) {
    int r = mix((under >> 16) & 0xff, (over >> 16) & 0xff, a);
    int g = mix((under >> 8) & 0xff, (over >> 8) & 0xff, a);
    int b = mix(under & 0xff, over & 0xff, a);
    return (r << 16) | (g << 8) | b;
  }

  private static int mix(int under, int over, double a) {
    return (int) Math.round((1 - a) * under + a * over);
  }

  /**
   * Pictures of one size side by side on white, each captioned below (e.g. the photo, the ground
   * truth and the prediction).
   */
  public static BufferedImage sideBySide(List<BufferedImage> panels, List<String> captions) {
    if (panels.isEmpty() || panels.size() != captions.size()) {
      throw new IllegalArgumentException("need one caption per panel, got " + panels.size() + " panels and "
          + captions.size() + " captions");
    }
    int gap = 4;
    int caption = 16;
    int w = panels.get(0).getWidth();
    int h = panels.get(0).getHeight();
    BufferedImage out = new BufferedImage(panels.size() * (w + gap) + gap, h + caption + 2 * gap,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.setColor(Color.BLACK);
    for (int i = 0; i < panels.size(); i++) {
      int x = gap + i * (w + gap);
      g.drawImage(panels.get(i), x, gap, null);
      g.drawString(captions.get(i), x + 2, gap + h + caption - 3);
    }
    g.dispose();
    return out;
  }

  /** Writes a PNG atomically (temporary file, then rename). */
  public static void writePng(BufferedImage img, Path file) throws IOException {
    Path tmp = AtomicFiles.tempSibling(file);
    try {
      if (!ImageIO.write(img, "png", tmp.toFile())) {
        throw new IOException("no PNG writer for " + file);
      }
      AtomicFiles.moveIntoPlace(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
