package io.solider.tasks.synth;

import java.util.List;

/** The 20 LIP parsing classes with their ids; 255 marks ignored pixels. */
public final class LipPart {

  public static final int BACKGROUND = 0;
  public static final int HAT = 1;
  public static final int HAIR = 2;
  public static final int GLOVE = 3;
  public static final int SUNGLASSES = 4;
  public static final int UPPER_CLOTHES = 5;
  public static final int DRESS = 6;
  public static final int COAT = 7;
  public static final int SOCKS = 8;
  public static final int PANTS = 9;
  public static final int JUMPSUITS = 10;
  public static final int SCARF = 11;
  public static final int SKIRT = 12;
  public static final int FACE = 13;
  public static final int LEFT_ARM = 14;
  public static final int RIGHT_ARM = 15;
  public static final int LEFT_LEG = 16;
  public static final int RIGHT_LEG = 17;
  public static final int LEFT_SHOE = 18;
  public static final int RIGHT_SHOE = 19;
  public static final int IGNORE = 255;

  /** Class names in id order, as in LIP's documentation. */
  public static final List<String> NAMES = List.of(
      "Background", "Hat", "Hair", "Glove", "Sunglasses", "UpperClothes", "Dress", "Coat", "Socks",
      "Pants", "Jumpsuits", "Scarf", "Skirt", "Face", "Left-arm", "Right-arm", "Left-leg",
      "Right-leg", "Left-shoe", "Right-shoe");

  private LipPart() {}
}
