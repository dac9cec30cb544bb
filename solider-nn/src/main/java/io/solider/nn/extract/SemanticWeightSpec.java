package io.solider.nn.extract;

import java.util.Arrays;

/**
 * The semantic weight λ of an extraction: one value for every image, or one per image in input
 * order.
 */
public final class SemanticWeightSpec {

  private final double[] values;

  private SemanticWeightSpec(double[] values) {
    this.values = values;
  }

  /**
   * Parses "0.2" or "0.2,0.8,1": each value must lie in [0, 1].
   *
   * @throws IllegalArgumentException naming the bad entry
   */
  public static SemanticWeightSpec parse(String text) {
    String[] parts = text.split(",");
    double[] v = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].trim();
      try {
        v[i] = Double.parseDouble(p);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("semantic weight '" + p + "' is not a number");
      }
      if (!(v[i] >= 0 && v[i] <= 1)) {
        throw new IllegalArgumentException("semantic weight " + p + " is outside [0, 1]");
      }
    }
    return new SemanticWeightSpec(v);
  }

  public static SemanticWeightSpec of(double... values) {
    return new SemanticWeightSpec(values.clone());
  }

  /** Whether one value serves every image. */
  public boolean isSingle() {
    return values.length == 1;
  }

  /** Number of values given. */
  public int size() {
    return values.length;
  }

  /** λ of input item {@code index}. */
  public double forItem(int index) {
    return values[isSingle() ? 0 : index];
  }

  /**
   * Checks that a per-image list has one value per input item.
   *
   * @throws IllegalArgumentException otherwise
   */
  public void checkCount(int items) {
    if (!isSingle() && values.length != items) {
      throw new IllegalArgumentException("got " + values.length + " semantic weights for " + items
          + " images: give one value, or one per image");
    }
  }

  @Override
  public String toString() {
    return isSingle() ? Double.toString(values[0]) : Arrays.toString(values);
  }
}
