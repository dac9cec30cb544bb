package io.solider.tasks.attribute.data;

import io.solider.tasks.common.DatasetSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * A pedestrian-attribute data set as read.
 *
 * @param name data set name
 * @param attributes attribute names, in label order
 * @param train training images
 * @param val validation images
 * @param test test images
 */
public record AttributeDataset(String name, List<String> attributes, List<AttributeSample> train,
    List<AttributeSample> val, List<AttributeSample> test) {

  public AttributeDataset {
    attributes = List.copyOf(attributes);
    train = List.copyOf(train);
    val = List.copyOf(val);
    test = List.copyOf(test);
  }

  /**
   * The release's training split for PA-100K ({@code TRAIN_SPLIT: trainval}): train then val. The
   * test split is the evaluation split.
   */
  public List<AttributeSample> trainval() {
    List<AttributeSample> all = new ArrayList<>(train);
    all.addAll(val);
    return List.copyOf(all);
  }

  /**
   * The same images with the attributes in another order: attribute {@code j} of the result is
   * attribute {@code columns[j]} of this one (the release's PA-100K models use
   * {@link Pa100kAttributes#releaseOrder()}). Columns may be left out but not repeated.
   */
  public AttributeDataset withAttributeOrder(int[] columns) {
    boolean[] seen = new boolean[attributes.size()];
    List<String> names = new ArrayList<>();
    for (int c : columns) {
      if (c < 0 || c >= seen.length || seen[c]) {
        throw new IllegalArgumentException("attribute order " + java.util.Arrays.toString(columns) + " is not a selection of "
            + seen.length + " distinct attributes");
      }
      seen[c] = true;
      names.add(attributes.get(c));
    }
    return new AttributeDataset(name, names, select(train, columns), select(val, columns), select(test, columns));
  }

  private static List<AttributeSample> select(List<AttributeSample> samples, int[] columns) {
    List<AttributeSample> out = new ArrayList<>(samples.size());
    for (AttributeSample s : samples) {
      int[] l = new int[columns.length];
      for (int j = 0; j < columns.length; j++) {
        l[j] = s.labels()[columns[j]];
      }
      out.add(new AttributeSample(s.image(), l));
    }
    return out;
  }

  /** Counts for train, val and test. */
  public List<DatasetSummary> summaries() {
    int k = attributes.size();
    return List.of(new DatasetSummary(name + "/train", train.size(), 0, 0, k),
        new DatasetSummary(name + "/val", val.size(), 0, 0, k),
        new DatasetSummary(name + "/test", test.size(), 0, 0, k));
  }
}
