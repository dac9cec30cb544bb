package io.solider.tasks.attribute.data;

import static io.solider.tasks.common.MatFiles.as;
import static io.solider.tasks.common.MatFiles.variable;

import io.solider.tasks.common.DatasetFormatException;
import io.solider.tasks.common.MatFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.MatFile;

/**
 * Reads PA-100K as it ships: {@code annotation.mat} (MATLAB v5) with {@code attributes} (26×1 cell
 * of names), {@code train_images_name}/{@code val_images_name}/{@code test_images_name} (n×1 cells
 * of file names) and {@code train_label}/{@code val_label}/{@code test_label} (n×26 0/1 matrices);
 * images in {@code data/}.
 */
public final class Pa100k {

  private static final Logger log = LoggerFactory.getLogger(Pa100k.class);

  private Pa100k() {}

  /** Reads the data set under {@code root}. */
  public static AttributeDataset read(Path root) throws IOException {
    DatasetFormatException.requireDirectory(root, "PA-100K root");
    Path images = DatasetFormatException.requireDirectory(root.resolve("data"), "PA-100K images");
    Path file = root.resolve("annotation.mat");
    try (MatFile mat = MatFiles.read(file)) {
      Cell names = as(variable(mat, file, "attributes"), Cell.class, file, "attributes");
      List<String> attributes = new ArrayList<>();
      for (int i = 0; i < names.getNumElements(); i++) {
        attributes.add(MatFiles.string(names.get(i), file, "attributes{" + (i + 1) + "}"));
      }
      AttributeDataset ds = new AttributeDataset("pa100k", attributes,
          split(mat, file, images, "train", attributes.size()),
          split(mat, file, images, "val", attributes.size()),
          split(mat, file, images, "test", attributes.size()));
      ds.summaries().forEach(s -> log.info("{}", s));
      return ds;
    }
  }

  private static List<AttributeSample> split(MatFile mat, Path file, Path images, String split, int k)
      throws IOException {
    Cell names = as(variable(mat, file, split + "_images_name"), Cell.class, file, split + "_images_name");
    double[][] labels = MatFiles.rows(variable(mat, file, split + "_label"), file, split + "_label");
    if (labels.length != names.getNumElements()) {
      throw new DatasetFormatException(file, split + "_label has " + labels.length + " rows but "
          + split + "_images_name has " + names.getNumElements() + " names");
    }
    List<AttributeSample> out = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      String where = split + "_label(" + (i + 1) + ",:)";
      if (labels[i].length != k) {
        throw new DatasetFormatException(file, where + ": " + labels[i].length + " labels, expected " + k);
      }
      out.add(new AttributeSample(images.resolve(MatFiles.string(names.get(i), file, split + "_images_name{" + (i + 1) + "}")),
          binary(labels[i], file, where)));
    }
    return out;
  }

  static int[] binary(double[] row, Path file, String where) throws DatasetFormatException {
    int[] out = new int[row.length];
    for (int j = 0; j < row.length; j++) {
      if (row[j] != 0 && row[j] != 1) {
        throw new DatasetFormatException(file, where + ": label " + (j + 1) + " is " + row[j] + ", expected 0 or 1");
      }
      out[j] = (int) row[j];
    }
    return out;
  }
}
