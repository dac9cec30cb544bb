package io.solider.tasks.attribute.data;

import java.util.List;

/** The 26 PA-100K attributes, in the order of {@code annotation.mat}'s {@code attributes}. */
public final class Pa100kAttributes {

  public static final List<String> NAMES = List.of(
      "Female", "AgeOver60", "Age18-60", "AgeLess18", "Front", "Side", "Back", "Hat", "Glasses",
      "HandBag", "ShoulderBag", "Backpack", "HoldObjectsInFront", "ShortSleeve", "LongSleeve",
      "UpperStride", "UpperLogo", "UpperPlaid", "UpperSplice", "LowerStripe", "LowerPattern",
      "LongCoat", "Trousers", "Shorts", "Skirt&Dress", "boots");

  /**
   * The attribute order of the release's PA-100K models: its preprocessing
   * (format_pa100k.py, {@code reorder=True}) groups the attributes, and training with
   * {@code DATASET.LABEL: eval} selects the columns in this order, so output {@code j} of a
   * released model is attribute {@code RELEASE_ORDER[j]} of {@link #NAMES} (output 0 is Hat).
   */
  private static final int[] RELEASE_ORDER = {
    7, 8, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 9, 10, 11, 12, 1, 2, 3, 0, 4, 5, 6};

  private Pa100kAttributes() {}

  /** A copy of the release models' attribute order (see {@link #RELEASE_ORDER}). */
  public static int[] releaseOrder() {
    return RELEASE_ORDER.clone();
  }

  /** The 26 names in the release models' output order ({@code NAMES} permuted by {@link #releaseOrder()}). */
  public static List<String> releaseOrderNames() {
    return java.util.Arrays.stream(RELEASE_ORDER).mapToObj(NAMES::get).toList();
  }

  /**
   * A PA-100K data set (its 26 attributes in {@code annotation.mat}'s order) with the attributes in
   * the release models' order, so that a model trained on it outputs what the release's do; any
   * other data set (CSV, already reordered) unchanged.
   */
  public static AttributeDataset inReleaseOrder(AttributeDataset ds) {
    return ds.attributes().equals(NAMES) ? ds.withAttributeOrder(RELEASE_ORDER) : ds;
  }
}
