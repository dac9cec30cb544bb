package io.solider.tasks.attribute.data;

import io.solider.tasks.common.DatasetSummary;
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

  /** Counts for train, val and test. */
  public List<DatasetSummary> summaries() {
    int k = attributes.size();
    return List.of(new DatasetSummary(name + "/train", train.size(), 0, 0, k),
        new DatasetSummary(name + "/val", val.size(), 0, 0, k),
        new DatasetSummary(name + "/test", test.size(), 0, 0, k));
  }
}
