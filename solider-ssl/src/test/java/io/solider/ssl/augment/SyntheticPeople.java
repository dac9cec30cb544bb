package io.solider.ssl.augment;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Simple synthetic person crops for tests and the learning demo: a textured background, a head
 * (ellipse), a torso (shirt colour) and legs (trouser colour), with random colours, position and
 * size. {@link #bands} gives the true part of each pixel row band: 1 head, 2 torso, 3 legs, 0
 * elsewhere.
 */
public final class SyntheticPeople {

  /** One image and its pixel part map (0 background, 1 head, 2 torso, 3 legs). */
  public record Person(BufferedImage image, int[][] parts) {}

  private SyntheticPeople() {}

  public static Person draw(int height, int width, SplittableRandom rng) {
    return draw(height, width, 0.5, rng);
  }

  /**
   * As {@link #draw(int, int, SplittableRandom)} with the torso {@code torsoWidth} of the image
   * width (head and legs scale with it): 0.5 leaves the person on less than half of the image,
   * about 0.8 fills the frame as a detector's person crop does (the clustering keeps an image
   * only when its foreground covers more than half of the tokens).
   */
  public static Person draw(int height, int width, double torsoWidth, SplittableRandom rng) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[][] parts = new int[height][width];
    Color bg = new Color(rng.nextInt(256), rng.nextInt(256), rng.nextInt(256));
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int n = rng.nextInt(41) - 20;
        img.setRGB(x, y, new Color(clamp(bg.getRed() + n), clamp(bg.getGreen() + n), clamp(bg.getBlue() + n)).getRGB());
      }
    }
    double scale = 0.85 + rng.nextDouble() * 0.15;
    int cx = (int) (width * (0.45 + rng.nextDouble() * 0.1));
    int top = (int) (height * (0.02 + rng.nextDouble() * 0.05));
    int h = (int) (height * 0.93 * scale);
    int headH = (int) (h * 0.16);
    int headW = (int) (width * (torsoWidth * 0.52) * scale);
    int torsoTop = top + headH;
    int torsoBottom = top + (int) (h * 0.52);
    int torsoW = (int) (width * torsoWidth * scale);
    int legBottom = Math.min(height - 1, top + h);
    int legW = (int) (torsoW * 0.42);
    Color skin = new Color(180 + rng.nextInt(60), 120 + rng.nextInt(60), 90 + rng.nextInt(50));
    Color shirt = new Color(rng.nextInt(256), rng.nextInt(256), rng.nextInt(256));
    Color trousers = new Color(rng.nextInt(256), rng.nextInt(256), rng.nextInt(256));
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    g.setColor(skin);
    g.fillOval(cx - headW / 2, top, headW, headH);
    g.setColor(shirt);
    g.fillRect(cx - torsoW / 2, torsoTop, torsoW, torsoBottom - torsoTop);
    g.setColor(trousers);
    g.fillRect(cx - torsoW / 2, torsoBottom, legW, legBottom - torsoBottom);
    g.fillRect(cx + torsoW / 2 - legW, torsoBottom, legW, legBottom - torsoBottom);
    g.dispose();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (y >= top && y < torsoTop && Math.abs(x - cx) <= headW / 2) {
          double dx = (x - cx) / (headW / 2.0);
          double dy = (y - top - headH / 2.0) / (headH / 2.0);
          parts[y][x] = dx * dx + dy * dy <= 1 ? 1 : 0;
        } else if (y >= torsoTop && y < torsoBottom && Math.abs(x - cx) < torsoW / 2) {
          parts[y][x] = 2;
        } else if (y >= torsoBottom && y < legBottom
            && (x >= cx - torsoW / 2 && x < cx - torsoW / 2 + legW || x >= cx + torsoW / 2 - legW && x < cx + torsoW / 2)) {
          parts[y][x] = 3;
        }
      }
    }
    return new Person(img, parts);
  }

  /** Writes {@code n} images to {@code dir} as PNG files; returns their paths. */
  public static List<Path> writeFolder(Path dir, int n, int height, int width, long seed) throws IOException {
    return writeFolder(dir, n, height, width, 0.5, seed);
  }

  /** As {@link #writeFolder(Path, int, int, int, long)} with the torso {@code torsoWidth} of the width. */
  public static List<Path> writeFolder(Path dir, int n, int height, int width, double torsoWidth, long seed)
      throws IOException {
    Files.createDirectories(dir);
    SplittableRandom rng = new SplittableRandom(seed);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path f = dir.resolve(String.format("person_%05d.png", i));
      ImageIO.write(draw(height, width, torsoWidth, rng).image(), "png", f.toFile());
      files.add(f);
    }
    return files;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
