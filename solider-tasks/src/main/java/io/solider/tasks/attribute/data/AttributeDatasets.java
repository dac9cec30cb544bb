package io.solider.tasks.attribute.data;

import io.solider.tasks.common.DatasetFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an attribute data set folder in either layout: PA-100K ({@code annotation.mat} and
 * {@code data/}, {@link Pa100k}) or CSV ({@code train.csv}, {@code test.csv} and optionally
 * {@code val.csv}, {@link AttributeCsv}, image paths relative to {@code data/} when that folder
 * exists, else to the folder itself). The synthetic {@code pa100k/} set has both; the
 * {@code .mat} file wins.
 */
public final class AttributeDatasets {

  private static final Logger log = LoggerFactory.getLogger(AttributeDatasets.class);

  private AttributeDatasets() {}

  /** Reads the data set under {@code root}. */
  public static AttributeDataset read(Path root) throws IOException {
    DatasetFormatException.requireDirectory(root, "attribute data set");
    if (Files.isRegularFile(root.resolve("annotation.mat"))) {
      return Pa100k.read(root);
    }
    if (!Files.isRegularFile(root.resolve("train.csv"))) {
      throw new DatasetFormatException(root, "neither annotation.mat (PA-100K) nor train.csv and test.csv (CSV layout)");
    }
    Path images = Files.isDirectory(root.resolve("data")) ? root.resolve("data") : root;
    AttributeCsv.Table train = AttributeCsv.read(root.resolve("train.csv"), images);
    AttributeCsv.Table test = AttributeCsv.read(root.resolve("test.csv"), images);
    Path valFile = root.resolve("val.csv");
    AttributeCsv.Table val = Files.isRegularFile(valFile) ? AttributeCsv.read(valFile, images)
        : new AttributeCsv.Table(train.attributes(), List.of());
    for (var t : List.of(java.util.Map.entry("test.csv", test), java.util.Map.entry("val.csv", val))) {
      if (!t.getValue().attributes().equals(train.attributes())) {
        throw new DatasetFormatException(root.resolve(t.getKey()), "attributes " + t.getValue().attributes()
            + " differ from train.csv's " + train.attributes());
      }
    }
    AttributeDataset ds = new AttributeDataset(root.getFileName() == null ? "attributes" : root.getFileName().toString(),
        train.attributes(), train.samples(), val.samples(), test.samples());
    ds.summaries().forEach(s -> log.info("{}", s));
    return ds;
  }
}
