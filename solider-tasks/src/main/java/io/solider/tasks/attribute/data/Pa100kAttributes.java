package io.solider.tasks.attribute.data;

import java.util.List;

/** The 26 PA-100K attributes, in the order of {@code annotation.mat}'s {@code attributes}. */
public final class Pa100kAttributes {

  public static final List<String> NAMES = List.of(
      "Female", "AgeOver60", "Age18-60", "AgeLess18", "Front", "Side", "Back", "Hat", "Glasses",
      "HandBag", "ShoulderBag", "Backpack", "HoldObjectsInFront", "ShortSleeve", "LongSleeve",
      "UpperStride", "UpperLogo", "UpperPlaid", "UpperSplice", "LowerStripe", "LowerPattern",
      "LongCoat", "Trousers", "Shorts", "Skirt&Dress", "boots");

  private Pa100kAttributes() {}
}
