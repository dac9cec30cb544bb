package io.solider.tasks.synth;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A street scene with several people at different depths, optional occluders (poles, cars) and
 * optional posters showing people (which detection sets mark as ignore regions), with the truth
 * of every person: full box, visible box, visible fraction and keypoints.
 */
final class Scene {

  /** Someone to place in a scene; {@code pid} −1 for an unlabelled passer-by. */
  record Actor(int pid, Look look) {}

  /** A person as rendered. */
  record Placed(Actor actor, SynthTruth.PersonTruth truth) {}

  final BufferedImage image;
  final List<Placed> people;

  private Scene(BufferedImage image, List<Placed> people) {
    this.image = image;
    this.people = people;
  }

  /**
   * Draws {@code actors} into a {@code width × height} scene seen by {@code cam}. People stand on
   * the ground at random depths, farther ones smaller and drawn first; with {@code occluders}
   * some poles and cars are drawn in front; with {@code posters} a poster person may appear
   * (marked ignore). People shorter than {@code minHeight} px are marked ignore.
   */
  static Scene draw(SplittableRandom r, CameraStyle cam, int width, int height, List<Actor> actors,
      boolean occluders, boolean posters, double minHeight, double sizeScale) {
    return draw(r, cam, width, height, actors, occluders, posters, minHeight, sizeScale, 0, width);
  }

  /**
   * As {@link #draw(SplittableRandom, CameraStyle, int, int, List, boolean, boolean, double, double)}
   * with the people spread over columns {@code left .. left + span} only: a narrow span makes a
   * crowd whose members hide each other.
   */
  static Scene draw(SplittableRandom r, CameraStyle cam, int width, int height, List<Actor> actors,
      boolean occluders, boolean posters, double minHeight, double sizeScale, double left, double span) {
    Canvas c = new Canvas(width, height);
    Photo.background(c, cam, r);
    List<Actor> all = new ArrayList<>(actors);
    boolean poster = posters && r.nextDouble() < 0.5;
    record Spot(Actor actor, double footX, double footY, double h, boolean onPoster) {}
    List<Spot> spots = new ArrayList<>();
    int n = all.size();
    for (int i = 0; i < n; i++) {
      double footY = height * Rng.range(r, 0.6, 0.98);
      double h = height * sizeScale * (0.25 + 0.75 * (footY / height - 0.55) / 0.43) * Photo.ageScale(all.get(i).look());
      // Spread people over the width in slots so boxes overlap only sometimes.
      double slot = span / n;
      double footX = left + slot * (i + Rng.range(r, 0.2, 0.8));
      spots.add(new Spot(all.get(i), footX, footY, h, false));
    }
    if (poster) {
      double ph = height * Rng.range(r, 0.15, 0.3);
      spots.add(new Spot(new Actor(-1, Look.random(r)), width * Rng.range(r, 0.1, 0.9), height * Rng.range(r, 0.35, 0.5), ph, true));
    }
    spots.sort(Comparator.comparingDouble(Spot::footY));
    List<DrawnPerson> drawn = new ArrayList<>();
    List<long[]> full = new ArrayList<>();
    int[] px = c.truthPixels();
    for (int k = 0; k < spots.size(); k++) {
      Spot s = spots.get(k);
      int id = k + 1;
      if (s.onPoster()) {
        double pw = s.h() * 0.6;
        c.background(new Rectangle2D.Double(s.footX() - pw / 2 - 4, s.footY() - s.h() - 4, pw + 8, s.h() + 8), new Color(235, 235, 225));
      }
      View view = Photo.view(cam, r);
      DrawnPerson p = PersonRenderer.draw(c, s.actor().look(), Pose.walking(r), view, s.footX(), s.footY(), s.h(), id);
      drawn.add(p);
      full.add(count(px, width, height, id, p.box()));
    }
    if (occluders) {
      int m = r.nextInt(0, 3);
      for (int i = 0; i < m; i++) {
        Color col = Photo.vary(r, cam.background2(), 40);
        if (r.nextBoolean()) {
          double x = width * r.nextDouble();
          c.fill(new Rectangle2D.Double(x, height * Rng.range(r, 0.2, 0.5), width * 0.015, height), col, 0, 0);
        } else {
          double x = width * r.nextDouble();
          double top = height * Rng.range(r, 0.7, 0.85);
          c.fill(new Rectangle2D.Double(x, top, width * Rng.range(r, 0.12, 0.25), height - top), col, 0, 0);
        }
      }
    }
    List<Placed> placed = new ArrayList<>();
    for (int k = 0; k < spots.size(); k++) {
      Spot s = spots.get(k);
      DrawnPerson p = drawn.get(k);
      long[] f = full.get(k);
      long[] vis = count(px, width, height, k + 1, p.box());
      int[] box = clip(p.box(), width, height);
      int[] visBox = vis[0] == 0 ? new int[] {0, 0, 0, 0}
          : new int[] {(int) vis[1], (int) vis[2], (int) (vis[3] - vis[1] + 1), (int) (vis[4] - vis[2] + 1)};
      double ratio = f[0] == 0 ? 0 : Math.round(1e4 * vis[0] / (double) f[0]) / 1e4;
      boolean ignore = s.onPoster() || box[3] < minHeight || vis[0] == 0;
      int pid = s.onPoster() ? -1 : s.actor().pid();
      placed.add(new Placed(s.actor(), new SynthTruth.PersonTruth(pid, box, visBox, ratio, ignore, p.keypoints(c))));
    }
    BufferedImage img = Photo.develop(c, cam, r, cam.blur() > 0 ? 1 : 0);
    c.dispose();
    return new Scene(img, placed);
  }

  /** Pixel count and inclusive bounds (x0, y0, x1, y1) of instance {@code id} within {@code bounds}. */
  private static long[] count(int[] px, int width, int height, int id, Rectangle2D bounds) {
    int[] b = clip(bounds, width, height);
    long n = 0;
    long x0 = Long.MAX_VALUE;
    long y0 = Long.MAX_VALUE;
    long x1 = -1;
    long y1 = -1;
    for (int y = b[1]; y < b[1] + b[3]; y++) {
      for (int x = b[0]; x < b[0] + b[2]; x++) {
        if (((px[y * width + x] >> 8) & 0xff) == id) {
          n++;
          x0 = Math.min(x0, x);
          y0 = Math.min(y0, y);
          x1 = Math.max(x1, x);
          y1 = Math.max(y1, y);
        }
      }
    }
    return new long[] {n, x0, y0, x1, y1};
  }

  /** A drawn shape's bounds clipped to the picture, as integer x, y, w, h. */
  static int[] clip(Rectangle2D b, int width, int height) {
    int x0 = (int) Math.max(0, Math.floor(b.getMinX()));
    int y0 = (int) Math.max(0, Math.floor(b.getMinY()));
    int x1 = (int) Math.min(width, Math.ceil(b.getMaxX()));
    int y1 = (int) Math.min(height, Math.ceil(b.getMaxY()));
    return new int[] {x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0)};
  }
}
