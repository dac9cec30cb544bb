package io.solider.tasks.reid.data;

import io.solider.nn.image.Images;
import io.solider.tasks.common.DatasetFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * Finds which re-id layout a folder holds and reads it: Market-1501 ({@code query/} and
 * {@code bounding_box_test/}; {@code bounding_box_train/} optional) or MSMT17
 * ({@code list_query.txt}, {@code list_gallery.txt}, {@code train/}, {@code test/}, …).
 */
public final class ReidDatasets {

  private ReidDatasets() {}

  /** The layout of a re-id data folder. */
  public enum Layout {
    MARKET1501,
    MSMT17
  }

  /**
   * The layout under {@code root}.
   *
   * @throws DatasetFormatException when the folder is missing or holds neither layout
   */
  public static Layout detect(Path root) throws DatasetFormatException {
    if (!Files.isDirectory(root)) {
      throw new DatasetFormatException(root, "re-id data folder does not exist");
    }
    if (Files.isDirectory(root.resolve("query")) && Files.isDirectory(root.resolve("bounding_box_test"))) {
      return Layout.MARKET1501;
    }
    if (Files.isRegularFile(root.resolve("list_query.txt"))) {
      return Layout.MSMT17;
    }
    throw new DatasetFormatException(root, "not a re-id data folder: expected Market-1501 (query/ and "
        + "bounding_box_test/) or MSMT17 (list_query.txt, list_gallery.txt, test/)");
  }

  /**
   * Reads the data set under {@code root} in whichever layout it has. A Market-1501 folder
   * without {@code bounding_box_train/} (an evaluation-only copy) gives an empty training split.
   */
  public static ReidSplits read(Path root) throws IOException {
    if (detect(root) == Layout.MSMT17) {
      return Msmt17.read(root);
    }
    Path train = root.resolve("bounding_box_train");
    if (Files.isDirectory(train)) {
      return Market1501.read(root);
    }
    return new ReidSplits("market1501", List.of(), Market1501.readFolder(root.resolve("query"), false),
        Market1501.readFolder(root.resolve("bounding_box_test"), true));
  }

  /**
   * Gallery images of {@code dir}: the gallery split when {@code dir} is a Market-1501 or MSMT17
   * folder; otherwise every image in it (recursively, sorted), identity and camera read from
   * Market-1501-style names ({@code PPPP_cC…}) and −1 where the name does not tell.
   */
  public static List<ReidSample> gallery(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new DatasetFormatException(dir, "gallery folder does not exist");
    }
    boolean dataset = (Files.isDirectory(dir.resolve("query")) && Files.isDirectory(dir.resolve("bounding_box_test")))
        || Files.isRegularFile(dir.resolve("list_query.txt"));
    if (dataset) {
      return read(dir).gallery();
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).filter(Images::isImageFile).sorted().toList();
    }
    List<ReidSample> out = new ArrayList<>();
    for (Path f : files) {
      Matcher m = Market1501.NAME.matcher(f.getFileName().toString());
      if (m.matches()) {
        int pid = Integer.parseInt(m.group(1));
        out.add(new ReidSample(f, pid, pid, Integer.parseInt(m.group(2)) - 1));
      } else {
        out.add(new ReidSample(f, -1, -1, -1));
      }
    }
    if (out.isEmpty()) {
      throw new DatasetFormatException(dir, "no images in the gallery folder");
    }
    return out;
  }
}
