package io.solider.tasks.detection;

import io.solider.nn.io.AtomicFiles;
import io.solider.tasks.detection.data.PedestrianBox;
import io.solider.tasks.detection.head.DetectedBox;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws detections (and, when known, the ground truth) over an image: detections at or above a
 * score in red with their score, the ground truth's {@code Reasonable} people (height ≥ 50 px,
 * visibility ≥ 0.65) in green, other people and ignore regions dashed in grey.
 *
 * @param minScore detections below this are not drawn
 */
public record BoxOverlay(double minScore) {

  private static final Color DETECTION = new Color(0xe0, 0x20, 0x20);
  private static final Color REASONABLE = new Color(0x20, 0xb0, 0x40);
  private static final Color OTHER = new Color(0x90, 0x90, 0x90);

  public BoxOverlay {
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new IllegalArgumentException("overlay score threshold must be in [0, 1], got " + minScore);
    }
  }

  /**
   * Writes {@code image} with the boxes drawn as a PNG (atomically).
   *
   * @param truth ground-truth boxes, or an empty list
   * @param title drawn in the top-left corner (null for none)
   */
  public void write(BufferedImage image, List<PedestrianBox> truth, List<DetectedBox> detections, String title,
      Path png) throws IOException {
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(image, 0, 0, null);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    float line = Math.max(1.5f, image.getWidth() / 600f);
    Font font = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, Math.round(image.getWidth() / 90f)));
    g.setFont(font);
    BasicStroke dashed = new BasicStroke(line, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {3 * line, 3 * line}, 0f);
    for (PedestrianBox p : truth) {
      double[] b = p.box();
      boolean reasonable = p.reasonable();
      g.setColor(reasonable ? REASONABLE : OTHER);
      g.setStroke(reasonable ? new BasicStroke(line) : dashed);
      g.drawRect((int) Math.round(b[0]), (int) Math.round(b[1]), (int) Math.round(b[2]), (int) Math.round(b[3]));
    }
    g.setStroke(new BasicStroke(line));
    int drawn = 0;
    for (DetectedBox d : detections) {
      if (d.score() < minScore) {
        continue;
      }
      drawn++;
      int x = Math.round(d.x1());
      int y = Math.round(d.y1());
      g.setColor(DETECTION);
      g.drawRect(x, y, Math.round(d.x2() - d.x1()), Math.round(d.y2() - d.y1()));
      String s = String.format(Locale.ROOT, "%.2f", d.score());
      int tw = g.getFontMetrics().stringWidth(s);
      int th = g.getFontMetrics().getAscent();
      int ty = Math.max(th, y);
      g.fillRect(x, ty - th, tw + 4, th + 2);
      g.setColor(Color.WHITE);
      g.drawString(s, x + 2, ty);
    }
    if (title != null) {
      String t = title + String.format(Locale.ROOT, "  (%d detections >= %.2f)", drawn, minScore);
      int th = g.getFontMetrics().getHeight();
      g.setColor(new Color(0, 0, 0, 160));
      g.fillRect(0, 0, g.getFontMetrics().stringWidth(t) + 8, th + 4);
      g.setColor(Color.WHITE);
      g.drawString(t, 4, th - 2);
    }
    g.dispose();
    Files.createDirectories(png.toAbsolutePath().getParent());
    Path tmp = AtomicFiles.tempSibling(png);
    try {
      ImageIO.write(out, "png", tmp.toFile());
      AtomicFiles.moveIntoPlace(tmp, png);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
