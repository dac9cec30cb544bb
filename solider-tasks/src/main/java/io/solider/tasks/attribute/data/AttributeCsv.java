package io.solider.tasks.attribute.data;

import io.solider.tasks.common.DatasetFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain CSV attribute layout: a header {@code image,attr1,attr2,…} then one line per image with
 * its path (relative to an image folder) and 0/1 per attribute.
 */
public final class AttributeCsv {

  private AttributeCsv() {}

  /**
   * A parsed CSV file.
   *
   * @param attributes attribute names from the header
   * @param samples the images
   */
  public record Table(List<String> attributes, List<AttributeSample> samples) {}

  /** Reads {@code csv}, resolving image paths against {@code imageDir}. */
  public static Table read(Path csv, Path imageDir) throws IOException {
    DatasetFormatException.requireFile(csv, "attribute CSV");
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      throw new DatasetFormatException(csv, 1, "empty file, expected header image,attr1,attr2,...");
    }
    String[] header = lines.get(0).strip().split(",", -1);
    if (header.length < 2 || !header[0].equals("image")) {
      throw new DatasetFormatException(csv, 1, "header must start with image, followed by attribute names");
    }
    List<String> attributes = Arrays.asList(header).subList(1, header.length);
    List<AttributeSample> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != header.length) {
        throw new DatasetFormatException(csv, i + 1, f.length + " fields, expected " + header.length);
      }
      int[] labels = new int[attributes.size()];
      for (int j = 0; j < labels.length; j++) {
        String v = f[j + 1].strip();
        if (!v.equals("0") && !v.equals("1")) {
          throw new DatasetFormatException(csv, i + 1,
              "attribute " + attributes.get(j) + " is \"" + v + "\", expected 0 or 1");
        }
        labels[j] = v.charAt(0) - '0';
      }
      out.add(new AttributeSample(imageDir.resolve(f[0]), labels));
    }
    return new Table(List.copyOf(attributes), List.copyOf(out));
  }
}
