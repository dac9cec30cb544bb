package io.solider.tasks.synth;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * An RGB picture plus, pixel for pixel, the truth drawn into it: the LIP part id (0–19) and the
 * index of the person instance (0 = nobody) that owns each pixel. Every shape is filled into
 * both, so the truth is exactly what was drawn.
 */
final class Canvas {

  final int width;
  final int height;
  final BufferedImage rgb;
  /** Packed truth per pixel: red = part id, green = instance (1-based). */
  final BufferedImage truth;
  private final Graphics2D g;
  private final Graphics2D t;

  Canvas(int width, int height) {
    this.width = width;
    this.height = height;
    rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    truth = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    g = rgb.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    t = truth.createGraphics();
    t.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
  }

  /** Fills {@code s} with {@code color}, owned by {@code instance} and labelled {@code part}. */
  void fill(Shape s, Color color, int part, int instance) {
    g.setColor(color);
    g.fill(s);
    t.setColor(new Color(part, instance, 0));
    t.fill(s);
  }

  /** Fills {@code s} in the picture only, clipped to {@code clip}; the truth is unchanged. */
  void paint(Shape s, Color color, Shape clip) {
    Shape old = g.getClip();
    g.setClip(clip);
    g.setColor(color);
    g.fill(s);
    g.setClip(old);
  }

  /** Background fill: picture only, truth stays 0. */
  void background(Shape s, Color color) {
    g.setColor(color);
    g.fill(s);
  }

  int part(int x, int y) {
    return (truth.getRGB(x, y) >> 16) & 0xff;
  }

  int instance(int x, int y) {
    return (truth.getRGB(x, y) >> 8) & 0xff;
  }

  int[] truthPixels() {
    return ((DataBufferInt) truth.getRaster().getDataBuffer()).getData();
  }

  int[] rgbPixels() {
    return ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
  }

  void dispose() {
    g.dispose();
    t.dispose();
  }
}
