package io.solider.tasks.synth;

import java.awt.Color;
import java.util.SplittableRandom;

/**
 * The fixed appearance of one identity: everything the attribute labels are derived from.
 *
 * @param female drawn with longer hair and more often a skirt
 * @param age 0 = under 18 (smaller), 1 = 18–60, 2 = over 60 (grey hair)
 * @param skin skin colour
 * @param hair hair colour
 * @param longHair hair down to the shoulders
 * @param hat wears a hat (colour {@code hatColor})
 * @param glasses wears glasses (visible from the front and side)
 * @param upper upper-clothes colour
 * @param upper2 second upper colour (stripes, plaid, splice, logo)
 * @param upperPattern pattern of the upper clothes
 * @param longSleeve long (true) or short sleeves
 * @param longCoat the upper garment reaches the thighs
 * @param lower lower-clothes colour
 * @param lowerKind trousers, shorts or skirt
 * @param lowerPattern lower clothes striped (true) or plain
 * @param shoes shoe colour
 * @param boots shoes reach up the shin
 * @param bag none, hand bag, shoulder bag or backpack
 * @param bagColor bag colour
 * @param holdsObject carries an object in front of the body
 * @param build width multiplier of the body (0.85–1.15)
 */
public record Look(
    boolean female,
    int age,
    Color skin,
    Color hair,
    boolean longHair,
    boolean hat,
    Color hatColor,
    boolean glasses,
    Color upper,
    Color upper2,
    Pattern upperPattern,
    boolean longSleeve,
    boolean longCoat,
    Color lower,
    LowerKind lowerKind,
    boolean lowerPattern,
    Color shoes,
    boolean boots,
    Bag bag,
    Color bagColor,
    boolean holdsObject,
    double build) {

  /** Upper-clothes patterns, matching PA-100K's UpperStride/Logo/Plaid/Splice attributes. */
  public enum Pattern { PLAIN, STRIPES, LOGO, PLAID, SPLICE }

  /** Lower garments, matching PA-100K's Trousers/Shorts/Skirt&amp;Dress attributes. */
  public enum LowerKind { TROUSERS, SHORTS, SKIRT }

  /** Carried bags, matching PA-100K's HandBag/ShoulderBag/Backpack attributes. */
  public enum Bag { NONE, HANDBAG, SHOULDER, BACKPACK }

  /**
   * Clothing palette. Deliberately small and dominated by dark colours, as in street data, so
   * that many identities share colours and colour alone does not identify a person.
   */
  static final Color[] CLOTHES = {
    new Color(25, 25, 28), new Color(40, 40, 45), new Color(70, 70, 75), new Color(120, 120, 125),
    new Color(200, 200, 200), new Color(235, 235, 230), new Color(30, 40, 90), new Color(50, 80, 150),
    new Color(150, 30, 35), new Color(60, 100, 55), new Color(110, 80, 50), new Color(200, 180, 130),
    new Color(190, 160, 40), new Color(170, 80, 130), new Color(90, 60, 120), new Color(210, 110, 40),
  };

  private static final double[] CLOTHES_WEIGHT = {
    4, 3, 3, 3, 3, 2, 3, 3, 2, 2, 2, 2, 1.5, 1.5, 1.5, 1.5,
  };

  private static final Color[] SKIN = {
    new Color(240, 205, 180), new Color(225, 180, 150), new Color(190, 140, 105),
    new Color(150, 100, 70), new Color(100, 70, 50),
  };

  private static final Color[] HAIR = {
    new Color(20, 15, 10), new Color(60, 40, 25), new Color(110, 75, 40), new Color(190, 160, 100),
  };

  /** Draws a look from {@code r}. */
  static Look random(SplittableRandom r) {
    boolean female = r.nextDouble() < 0.45;
    double a = r.nextDouble();
    int age = a < 0.08 ? 0 : a < 0.92 ? 1 : 2;
    Color hair = age == 2 ? new Color(180, 180, 180) : HAIR[r.nextInt(HAIR.length)];
    Color upper = jitter(r, pick(r));
    Color upper2 = jitter(r, pick(r));
    double p = r.nextDouble();
    Pattern pattern =
        p < 0.55 ? Pattern.PLAIN : p < 0.68 ? Pattern.STRIPES : p < 0.8 ? Pattern.LOGO
            : p < 0.9 ? Pattern.PLAID : Pattern.SPLICE;
    double l = r.nextDouble();
    LowerKind lower =
        female ? (l < 0.45 ? LowerKind.SKIRT : l < 0.85 ? LowerKind.TROUSERS : LowerKind.SHORTS)
            : (l < 0.8 ? LowerKind.TROUSERS : LowerKind.SHORTS);
    double b = r.nextDouble();
    Bag bag = b < 0.45 ? Bag.NONE : b < 0.6 ? Bag.HANDBAG : b < 0.78 ? Bag.SHOULDER : Bag.BACKPACK;
    return new Look(
        female,
        age,
        SKIN[r.nextInt(SKIN.length)],
        hair,
        female ? r.nextDouble() < 0.75 : r.nextDouble() < 0.05,
        r.nextDouble() < 0.15,
        jitter(r, pick(r)),
        r.nextDouble() < 0.15,
        upper,
        upper2,
        pattern,
        r.nextDouble() < 0.55,
        r.nextDouble() < 0.12,
        jitter(r, pick(r)),
        lower,
        r.nextDouble() < 0.1,
        jitter(r, CLOTHES[r.nextInt(6)]),
        r.nextDouble() < 0.12,
        bag,
        jitter(r, pick(r)),
        r.nextDouble() < 0.08,
        Rng.range(r, 0.85, 1.15));
  }

  private static Color pick(SplittableRandom r) {
    double total = 0;
    for (double w : CLOTHES_WEIGHT) {
      total += w;
    }
    double x = r.nextDouble() * total;
    for (int i = 0; i < CLOTHES.length; i++) {
      x -= CLOTHES_WEIGHT[i];
      if (x < 0) {
        return CLOTHES[i];
      }
    }
    return CLOTHES[CLOTHES.length - 1];
  }

  private static Color jitter(SplittableRandom r, Color c) {
    int d = 12;
    return new Color(
        clamp(c.getRed() + r.nextInt(-d, d + 1)),
        clamp(c.getGreen() + r.nextInt(-d, d + 1)),
        clamp(c.getBlue() + r.nextInt(-d, d + 1)));
  }

  static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
