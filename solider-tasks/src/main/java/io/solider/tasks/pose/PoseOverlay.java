package io.solider.tasks.pose;

import io.solider.nn.io.AtomicFiles;
import io.solider.tasks.pose.data.CocoJoints;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws predicted skeletons on an image: COCO's limbs between keypoints whose scores both reach the
 * threshold (the release's {@code kpt_score_thr} 0.3 of its demo), left side orange, right side
 * blue, centre green; each person's box in white.
 */
public final class PoseOverlay {

  /** The release demo's keypoint score threshold for drawing. */
  public static final double SCORE_THRESHOLD = 0.3;

  private static final Color LEFT = new Color(255, 128, 0);
  private static final Color RIGHT = new Color(51, 153, 255);
  private static final Color CENTRE = new Color(0, 255, 0);

  private PoseOverlay() {}

  /** One person to draw: 17 × (x, y, score) in image pixels and its box x, y, w, h (or null). */
  public record Person(float[] keypoints, double[] box) {}

  /** A copy of {@code image} with {@code people} drawn on it. */
  public static BufferedImage draw(BufferedImage image, List<Person> people) {
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(image, 0, 0, null);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    float thick = Math.max(1.5f, Math.min(image.getWidth(), image.getHeight()) / 150f);
    for (Person p : people) {
      float[] k = p.keypoints();
      if (p.box() != null) {
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(1f));
        g.drawRect((int) Math.round(p.box()[0]), (int) Math.round(p.box()[1]), (int) Math.round(p.box()[2]),
            (int) Math.round(p.box()[3]));
      }
      g.setStroke(new BasicStroke(thick, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      for (int[] limb : CocoJoints.skeleton()) {
        int a = limb[0];
        int b = limb[1];
        if (k[3 * a + 2] >= SCORE_THRESHOLD && k[3 * b + 2] >= SCORE_THRESHOLD) {
          g.setColor(side(a) == side(b) ? colour(side(a)) : CENTRE);
          g.drawLine(Math.round(k[3 * a]), Math.round(k[3 * a + 1]), Math.round(k[3 * b]), Math.round(k[3 * b + 1]));
        }
      }
      int r = Math.round(thick * 1.5f);
      for (int j = 0; j < CocoJoints.COUNT; j++) {
        if (k[3 * j + 2] >= SCORE_THRESHOLD) {
          g.setColor(colour(side(j)));
          g.fillOval(Math.round(k[3 * j]) - r, Math.round(k[3 * j + 1]) - r, 2 * r, 2 * r);
        }
      }
    }
    g.dispose();
    return out;
  }

  /** Writes {@code image} as PNG atomically. */
  public static void write(BufferedImage image, Path png) throws IOException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    Path tmp = AtomicFiles.tempSibling(png);
    try {
      ImageIO.write(image, "png", tmp.toFile());
      AtomicFiles.moveIntoPlace(tmp, png);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** −1 left, 1 right, 0 the nose (COCO's odd ids are left, even ids from 2 right). */
  private static int side(int joint) {
    return joint == 0 ? 0 : joint % 2 == 1 ? -1 : 1;
  }

  private static Color colour(int side) {
    return side < 0 ? LEFT : side > 0 ? RIGHT : CENTRE;
  }
}
