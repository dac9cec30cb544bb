package io.solider.tasks.search;

import io.solider.nn.image.Images;
import io.solider.nn.io.AtomicFiles;
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
 * The pictures of person search: scenes with boxes and similarity labels (the release's
 * {@code demo.py} draws the same), and rows of a query followed by its best matches.
 */
public final class SearchPictures {

  /** Height of a scene tile in a row of matches. */
  static final int TILE_H = 180;
  /** Colour of a correct match, of a wrong one, of the query. */
  static final Color HIT = new Color(0x4CAF50);
  static final Color MISS = new Color(0xE53935);
  static final Color QUERY = new Color(0x1E88E5);

  private SearchPictures() {}

  /**
   * One box to draw.
   *
   * @param xyxy corners in the scene's pixels
   * @param label text above the box (null: none)
   * @param colour frame colour
   */
  public record Box(float[] xyxy, String label, Color colour) {}

  /** A scene tile: the image with its boxes, and a caption under it. */
  public record Tile(Path image, List<Box> boxes, String caption) {}

  /** {@code scene} with its boxes drawn at full size. */
  public static void writeScene(Path scene, List<Box> boxes, Path png) throws IOException {
    BufferedImage img = Images.decode(scene);
    Graphics2D g = img.createGraphics();
    draw(g, boxes, 1.0, Math.max(12, img.getHeight() / 40));
    g.dispose();
    write(img, png);
  }

  /** Rows of tiles (e.g. a query and its top matches), each tile scaled to {@value #TILE_H} px high. */
  public static void writeRows(List<List<Tile>> rows, Path png) throws IOException {
    int width = 0;
    int[][] widths = new int[rows.size()][];
    BufferedImage[][] images = new BufferedImage[rows.size()][];
    for (int r = 0; r < rows.size(); r++) {
      List<Tile> row = rows.get(r);
      widths[r] = new int[row.size()];
      images[r] = new BufferedImage[row.size()];
      int w = 4;
      for (int t = 0; t < row.size(); t++) {
        images[r][t] = Images.decode(row.get(t).image());
        widths[r][t] = Math.max(1, images[r][t].getWidth() * TILE_H / images[r][t].getHeight());
        w += widths[r][t] + 4;
      }
      width = Math.max(width, w);
    }
    int rowH = TILE_H + 20;
    BufferedImage out = new BufferedImage(Math.max(width, 8), rows.size() * rowH + 4, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    for (int r = 0; r < rows.size(); r++) {
      int x = 4;
      int y = 4 + r * rowH;
      for (int t = 0; t < rows.get(r).size(); t++) {
        Tile tile = rows.get(r).get(t);
        BufferedImage img = images[r][t];
        double scale = (double) TILE_H / img.getHeight();
        Graphics2D tg = (Graphics2D) g.create(x, y, widths[r][t], TILE_H);
        tg.drawImage(img, 0, 0, widths[r][t], TILE_H, null);
        draw(tg, tile.boxes(), scale, 11);
        tg.dispose();
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(tile.caption(), x + 2, y + TILE_H + 14);
        x += widths[r][t] + 4;
      }
    }
    g.dispose();
    write(out, png);
  }

  private static void draw(Graphics2D g, List<Box> boxes, double scale, int fontSize) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, fontSize));
    for (Box b : boxes) {
      int x1 = (int) Math.round(b.xyxy()[0] * scale);
      int y1 = (int) Math.round(b.xyxy()[1] * scale);
      int x2 = (int) Math.round(b.xyxy()[2] * scale);
      int y2 = (int) Math.round(b.xyxy()[3] * scale);
      g.setColor(b.colour());
      g.setStroke(new BasicStroke(3f));
      g.drawRect(x1, y1, Math.max(1, x2 - x1), Math.max(1, y2 - y1));
      g.setColor(Color.WHITE);
      g.setStroke(new BasicStroke(1f));
      g.drawRect(x1, y1, Math.max(1, x2 - x1), Math.max(1, y2 - y1));
      if (b.label() != null) {
        int tw = g.getFontMetrics().stringWidth(b.label()) + 4;
        int th = g.getFontMetrics().getHeight();
        int ty = Math.max(0, y1 - th);
        g.setColor(b.colour());
        g.fillRect(x1, ty, tw, th);
        g.setColor(Color.WHITE);
        g.drawString(b.label(), x1 + 2, ty + th - g.getFontMetrics().getDescent());
      }
    }
  }

  /** Similarity as the pictures print it. */
  static String format(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static void write(BufferedImage img, Path png) throws IOException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    Path tmp = AtomicFiles.tempSibling(png);
    try {
      ImageIO.write(img, "png", tmp.toFile());
      AtomicFiles.moveIntoPlace(tmp, png);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
