package io.solider.tasks.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;

/**
 * Draws an articulated person (head, torso, two-segment arms and legs) onto a {@link Canvas},
 * labelling every shape with its LIP part and returning the 17 COCO joints.
 *
 * <p>Body geometry is in units of body height with the origin between the feet and v pointing up.
 * The person's left is on the image's right in the {@link View#FRONT} view.
 */
final class PersonRenderer {

  private static final int L = 0;
  private static final int R = 1;

  private final Canvas c;
  private final Look look;
  private final Pose pose;
  private final View view;
  private final double footX;
  private final double footY;
  private final double h;
  private final int id;
  private Rectangle2D bounds;

  private PersonRenderer(Canvas c, Look look, Pose pose, View view, double footX, double footY,
      double height, int id) {
    this.c = c;
    this.look = look;
    this.pose = pose;
    this.view = view;
    this.footX = footX;
    this.footY = footY;
    this.h = height;
    this.id = id;
  }

  /**
   * Draws a person standing with feet centred at ({@code footX}, {@code footY}) and body height
   * {@code height} pixels, owning truth instance {@code id} (1–255).
   */
  static DrawnPerson draw(Canvas c, Look look, Pose pose, View view, double footX, double footY,
      double height, int id) {
    return new PersonRenderer(c, look, pose, view, footX, footY, height, id).draw();
  }

  /** Body width factor: the look's build, widened so people fill a detector crop as in Market-1501. */
  private double wide() {
    return 1.5 * look.build();
  }

  private Point2D p(double u, double v) {
    return new Point2D.Double(footX + u * h, footY - v * h);
  }

  /** Image-x direction of the person's side {@code s} (L or R). */
  private double lat(int s) {
    double sg = s == L ? 1 : -1;
    return switch (view) {
      case FRONT -> sg;
      case BACK -> -sg;
      case SIDE_LEFT -> 0.2 * sg;
      case SIDE_RIGHT -> -0.2 * sg;
    };
  }

  /** Image-x direction the person walks towards (0 when facing or leaving the camera). */
  private double fwd() {
    return switch (view) {
      case SIDE_LEFT -> 1;
      case SIDE_RIGHT -> -1;
      default -> 0;
    };
  }

  private int near() {
    return view == View.SIDE_RIGHT ? R : L;
  }

  private double[] end(double u, double v, double angle, double len, double spread) {
    return new double[] {u + fwd() * Math.sin(angle) * len + spread, v - Math.cos(angle) * len};
  }

  private void fill(Shape s, Color color, int part) {
    c.fill(s, color, part, id);
    Rectangle2D b = s.getBounds2D();
    bounds = bounds == null ? b : bounds.createUnion(b);
  }

  private Shape segment(double[] a, double[] b, double width) {
    return new BasicStroke((float) (width * h), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
        .createStrokedShape(new Line2D.Double(p(a[0], a[1]), p(b[0], b[1])));
  }

  private static double[] lerp(double[] a, double[] b, double t) {
    return new double[] {a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t};
  }

  private Shape ellipse(double u, double v, double ru, double rv) {
    Point2D q = p(u, v);
    return new Ellipse2D.Double(q.getX() - ru * h, q.getY() - rv * h, 2 * ru * h, 2 * rv * h);
  }

  private Shape quad(double[]... pts) {
    Path2D.Double path = new Path2D.Double();
    Point2D q = p(pts[0][0], pts[0][1]);
    path.moveTo(q.getX(), q.getY());
    for (int i = 1; i < pts.length; i++) {
      q = p(pts[i][0], pts[i][1]);
      path.lineTo(q.getX(), q.getY());
    }
    path.closePath();
    return path;
  }

  private DrawnPerson draw() {
    double b = wide();
    boolean side = view.isSide();
    double f = fwd();
    double sw = (side ? 0.06 : 0.11) * b;
    double hw = (side ? 0.055 : 0.075) * b;
    double[][] shoulder = new double[2][];
    double[][] elbow = new double[2][];
    double[][] wrist = new double[2][];
    double[][] hip = new double[2][];
    double[][] knee = new double[2][];
    double[][] ankle = new double[2][];
    double[] armA = {pose.leftArm(), pose.rightArm()};
    double[] elbowA = {pose.leftElbow(), pose.rightElbow()};
    double[] legA = {pose.leftLeg(), pose.rightLeg()};
    double[] kneeA = {pose.leftKnee(), pose.rightKnee()};
    for (int s = L; s <= R; s++) {
      double ls = lat(s);
      shoulder[s] = new double[] {ls * sw, 0.815};
      double spread = side ? 0 : ls * 0.02 * (1 + 3 * pose.armSpread());
      elbow[s] = end(shoulder[s][0], shoulder[s][1], armA[s], 0.165, spread);
      wrist[s] = end(elbow[s][0], elbow[s][1], armA[s] + elbowA[s], 0.15, spread * 0.5);
      hip[s] = new double[] {ls * hw * 0.9, 0.5};
      knee[s] = end(hip[s][0], hip[s][1], legA[s], 0.235, side ? 0 : ls * 0.01);
      ankle[s] = end(knee[s][0], knee[s][1], legA[s] - kneeA[s], 0.225, 0);
    }
    double[] head = {f * 0.012, 0.925};

    int nearSide = near();
    int farSide = 1 - nearSide;
    int[] order = side ? new int[] {farSide, nearSide} : new int[] {L, R};

    Color garment = look.upper();
    int garmentPart = look.longCoat() ? LipPart.COAT : LipPart.UPPER_CLOTHES;
    // Long hair hangs behind the head and shoulders.
    if (look.longHair() && view != View.BACK) {
      fill(quad(new double[] {head[0] - 0.06 - 0.02 * f, 0.95}, new double[] {head[0] + 0.06 - 0.02 * f, 0.95},
          new double[] {head[0] + 0.065 - 0.04 * f, 0.77}, new double[] {head[0] - 0.065 - 0.04 * f, 0.77}),
          look.hair(), LipPart.HAIR);
    }
    // Backpack seen from the front or side is behind the body.
    if (look.bag() == Look.Bag.BACKPACK && view != View.BACK) {
      double bu = side ? -f * 0.08 : 0;
      fill(quad(new double[] {bu - 0.09, 0.8}, new double[] {bu + 0.09, 0.8},
          new double[] {bu + 0.09, 0.57}, new double[] {bu - 0.09, 0.57}), look.bagColor(), LipPart.BACKGROUND);
    }
    if (side) {
      drawArm(farSide, shoulder, elbow, wrist, garment, garmentPart, true);
    }
    for (int s : order) {
      drawLeg(s, hip, knee, ankle);
    }
    // Pelvis / skirt joins the legs to the torso.
    Color lowerColor = look.lower();
    if (look.lowerKind() == Look.LowerKind.SKIRT) {
      Shape skirt = quad(new double[] {-hw - 0.005, 0.53}, new double[] {hw + 0.005, 0.53},
          new double[] {hw + 0.05, 0.3}, new double[] {-hw - 0.05, 0.3});
      fill(skirt, lowerColor, LipPart.SKIRT);
      if (look.lowerPattern()) {
        for (double v = 0.5; v > 0.3; v -= 0.05) {
          c.paint(new Rectangle2D.Double(footX - h, footY - v * h, 2 * h, 0.012 * h), look.upper2(), skirt);
        }
      }
    } else {
      fill(quad(new double[] {-hw, 0.53}, new double[] {hw, 0.53}, new double[] {hw, 0.44},
          new double[] {-hw, 0.44}), lowerColor, LipPart.PANTS);
    }
    // Torso.
    double bottom = look.longCoat() ? 0.3 : 0.47;
    double bottomW = look.longCoat() ? hw + 0.03 : hw;
    Shape torso = quad(new double[] {-sw - 0.01, 0.83}, new double[] {sw + 0.01, 0.83},
        new double[] {bottomW + 0.005, bottom}, new double[] {-bottomW - 0.005, bottom});
    fill(torso, garment, garmentPart);
    paintPattern(torso, bottom);
    if (look.bag() == Look.Bag.SHOULDER) {
      double su = lat(R) * sw;
      if (!side) {
        fill(segment(new double[] {su, 0.82}, new double[] {-su, 0.52}, 0.015), look.bagColor(), LipPart.BACKGROUND);
      }
      double bu = side ? -f * 0.05 : -su * 1.3;
      fill(quad(new double[] {bu - 0.05, 0.56}, new double[] {bu + 0.05, 0.56},
          new double[] {bu + 0.05, 0.45}, new double[] {bu - 0.05, 0.45}), look.bagColor(), LipPart.BACKGROUND);
    }
    if (look.bag() == Look.Bag.BACKPACK && view == View.BACK) {
      fill(quad(new double[] {-0.085, 0.8}, new double[] {0.085, 0.8},
          new double[] {0.085, 0.56}, new double[] {-0.085, 0.56}), look.bagColor(), LipPart.BACKGROUND);
    }
    if (look.bag() == Look.Bag.BACKPACK && view == View.FRONT) {
      for (int s = L; s <= R; s++) {
        double u = lat(s) * sw * 0.6;
        fill(segment(new double[] {u, 0.82}, new double[] {u, 0.62}, 0.018), look.bagColor(), LipPart.BACKGROUND);
      }
    }
    // Neck and head.
    fill(segment(new double[] {head[0], 0.84}, new double[] {head[0], 0.87}, 0.04), look.skin(), LipPart.FACE);
    drawHead(head);
    // Arms in front of the torso (both from the front or back, the near one from the side).
    if (side) {
      drawArm(nearSide, shoulder, elbow, wrist, garment, garmentPart, false);
    } else {
      drawArm(L, shoulder, elbow, wrist, garment, garmentPart, false);
      drawArm(R, shoulder, elbow, wrist, garment, garmentPart, false);
    }
    if (look.holdsObject() && view != View.BACK) {
      double u = side ? f * 0.1 : 0;
      fill(quad(new double[] {u - 0.06, 0.62}, new double[] {u + 0.06, 0.62},
          new double[] {u + 0.06, 0.52}, new double[] {u - 0.06, 0.52}), look.bagColor().darker(), LipPart.BACKGROUND);
    }

    double[][] joints = new double[17][];
    boolean[] hidden = new boolean[17];
    double[] nose;
    double[][] eye = new double[2][];
    double[][] ear = new double[2][];
    if (side) {
      nose = new double[] {head[0] + f * 0.06, 0.915};
      for (int s = L; s <= R; s++) {
        eye[s] = new double[] {head[0] + f * 0.04 + lat(s) * 0.05, 0.935};
        ear[s] = new double[] {head[0] - f * 0.005 + lat(s) * 0.05, 0.925};
      }
      hidden[1 + farSide] = true;
      hidden[3 + farSide] = true;
    } else {
      nose = new double[] {head[0], 0.912};
      for (int s = L; s <= R; s++) {
        eye[s] = new double[] {head[0] + lat(s) * 0.022, 0.935};
        ear[s] = new double[] {head[0] + lat(s) * 0.055, 0.925};
      }
      if (view == View.BACK) {
        hidden[0] = hidden[1] = hidden[2] = true;
      }
    }
    double[][] coords = {
      nose, eye[L], eye[R], ear[L], ear[R], shoulder[L], shoulder[R], elbow[L], elbow[R],
      wrist[L], wrist[R], hip[L], hip[R], knee[L], knee[R], ankle[L], ankle[R]
    };
    for (int i = 0; i < 17; i++) {
      Point2D q = p(coords[i][0], coords[i][1]);
      joints[i] = new double[] {q.getX(), q.getY()};
    }
    return new DrawnPerson(id, bounds, joints, hidden);
  }

  private void paintPattern(Shape torso, double bottom) {
    Color c2 = look.upper2();
    switch (look.upperPattern()) {
      case STRIPES -> {
        for (double v = 0.8; v > bottom; v -= 0.045) {
          c.paint(new Rectangle2D.Double(footX - h, footY - v * h, 2 * h, 0.018 * h), c2, torso);
        }
      }
      case PLAID -> {
        for (double v = 0.8; v > bottom; v -= 0.05) {
          c.paint(new Rectangle2D.Double(footX - h, footY - v * h, 2 * h, 0.01 * h), c2, torso);
        }
        for (double u = -0.2; u < 0.2; u += 0.05) {
          c.paint(new Rectangle2D.Double(footX + u * h, footY - h, 0.01 * h, h), c2, torso);
        }
      }
      case LOGO -> c.paint(new Rectangle2D.Double(footX - 0.04 * h, footY - 0.74 * h, 0.08 * h, 0.07 * h), c2, torso);
      case SPLICE -> c.paint(new Rectangle2D.Double(footX - h, footY - 0.65 * h, 2 * h, h), c2, torso);
      case PLAIN -> { }
    }
  }

  private void drawLeg(int s, double[][] hip, double[][] knee, double[][] ankle) {
    int skinPart = s == L ? LipPart.LEFT_LEG : LipPart.RIGHT_LEG;
    int shoePart = s == L ? LipPart.LEFT_SHOE : LipPart.RIGHT_SHOE;
    double tw = 0.075 * wide();
    double cw = 0.06 * wide();
    fill(segment(hip[s], knee[s], tw), look.skin(), skinPart);
    fill(segment(knee[s], ankle[s], cw), look.skin(), skinPart);
    switch (look.lowerKind()) {
      case TROUSERS -> {
        fill(segment(hip[s], knee[s], tw + 0.01), look.lower(), LipPart.PANTS);
        Shape shin = segment(knee[s], ankle[s], cw + 0.01);
        fill(shin, look.lower(), LipPart.PANTS);
        if (look.lowerPattern()) {
          c.paint(segment(hip[s], ankle[s], 0.012), look.upper2(), shin);
        }
      }
      case SHORTS -> {
        Shape shorts = segment(hip[s], lerp(hip[s], knee[s], 0.7), tw + 0.01);
        fill(shorts, look.lower(), LipPart.PANTS);
        if (look.lowerPattern()) {
          c.paint(segment(hip[s], knee[s], 0.012), look.upper2(), shorts);
        }
      }
      case SKIRT -> { }
    }
    double[] top = look.boots() ? lerp(ankle[s], knee[s], 0.45) : ankle[s];
    fill(segment(top, new double[] {ankle[s][0] + fwd() * 0.03, ankle[s][1] - 0.015}, 0.055), look.shoes(), shoePart);
  }

  private void drawArm(int s, double[][] shoulder, double[][] elbow, double[][] wrist, Color garment,
      int garmentPart, boolean far) {
    int skinPart = s == L ? LipPart.LEFT_ARM : LipPart.RIGHT_ARM;
    double uw = 0.05 * wide();
    double fw = 0.042 * wide();
    fill(segment(shoulder[s], elbow[s], uw), look.skin(), skinPart);
    fill(segment(elbow[s], wrist[s], fw), look.skin(), skinPart);
    if (look.longSleeve()) {
      fill(segment(shoulder[s], elbow[s], uw + 0.008), garment, garmentPart);
      fill(segment(elbow[s], lerp(elbow[s], wrist[s], 0.85), fw + 0.008), garment, garmentPart);
    } else {
      fill(segment(shoulder[s], lerp(shoulder[s], elbow[s], 0.55), uw + 0.01), garment, garmentPart);
    }
    if (look.bag() == Look.Bag.HANDBAG && s == R && !far) {
      double[] w = wrist[s];
      fill(quad(new double[] {w[0] - 0.045, w[1] - 0.01}, new double[] {w[0] + 0.045, w[1] - 0.01},
          new double[] {w[0] + 0.05, w[1] - 0.1}, new double[] {w[0] - 0.05, w[1] - 0.1}), look.bagColor(), LipPart.BACKGROUND);
    }
  }

  private void drawHead(double[] head) {
    double ru = 0.05;
    double rv = 0.062;
    double f = fwd();
    if (view == View.BACK) {
      fill(ellipse(head[0], head[1], ru, rv), look.hair(), LipPart.HAIR);
      if (look.longHair()) {
        fill(quad(new double[] {head[0] - 0.055, 0.93}, new double[] {head[0] + 0.055, 0.93},
            new double[] {head[0] + 0.065, 0.77}, new double[] {head[0] - 0.065, 0.77}), look.hair(), LipPart.HAIR);
      }
    } else {
      fill(ellipse(head[0], head[1], ru, rv), look.skin(), LipPart.FACE);
      // Hair cap over the top (and the back of the head from the side).
      fill(ellipse(head[0] - f * 0.015, head[1] + 0.028, ru * 1.05, rv * 0.6), look.hair(), LipPart.HAIR);
      if (look.glasses()) {
        double u0 = view.isSide() ? head[0] + f * 0.015 : head[0] - 0.04;
        double u1 = view.isSide() ? head[0] + f * 0.052 : head[0] + 0.04;
        fill(segment(new double[] {Math.min(u0, u1), 0.935}, new double[] {Math.max(u0, u1), 0.935}, 0.016),
            new Color(15, 15, 15), LipPart.SUNGLASSES);
      }
    }
    if (look.hat()) {
      fill(ellipse(head[0], head[1] + 0.035, ru * 1.15, rv * 0.55), look.hatColor(), LipPart.HAT);
      fill(quad(new double[] {head[0] - 0.065 + f * 0.02, 0.95}, new double[] {head[0] + 0.065 + f * 0.04, 0.95},
          new double[] {head[0] + 0.065 + f * 0.04, 0.94}, new double[] {head[0] - 0.065 + f * 0.02, 0.94}),
          look.hatColor(), LipPart.HAT);
    }
  }
}
