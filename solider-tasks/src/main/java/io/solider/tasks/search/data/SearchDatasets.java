package io.solider.tasks.search.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads CUHK-SYSU or PRW from a folder, telling them apart by their layout. */
public final class SearchDatasets {

  private SearchDatasets() {}

  /**
   * Reads a data set.
   *
   * @param kind {@code cuhk_sysu}, {@code prw} or {@code auto} (from the folder layout)
   * @param gallerySize CUHK-SYSU's test protocol TestG{@code gallerySize} (ignored for PRW)
   * @throws IllegalArgumentException naming what is missing
   */
  public static SearchDataset read(Path root, String kind, int gallerySize) throws IOException {
    String k = kind.equals("auto") ? detect(root) : kind;
    return switch (k) {
      case "cuhk_sysu", "cuhk" -> CuhkSysu.read(root, requireProtocol(root, gallerySize));
      case "prw" -> Prw.read(root);
      default -> throw new IllegalArgumentException("--dataset must be cuhk_sysu, prw or auto, got " + kind);
    };
  }

  /** The gallery size, if its TestG file exists; otherwise a one-line error naming the ones there are. */
  static int requireProtocol(Path root, int size) throws IOException {
    Path dir = root.resolve("annotation/test/train_test");
    if (Files.isRegularFile(dir.resolve("TestG" + size + ".mat"))) {
      return size;
    }
    List<String> found = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (var s = Files.list(dir)) {
        s.map(p -> p.getFileName().toString()).filter(n -> n.matches("TestG\\d+\\.mat")).sorted().forEach(found::add);
      }
    }
    throw new IllegalArgumentException("no TestG" + size + ".mat in " + dir + (found.isEmpty() ? "" : " (there is "
        + String.join(", ", found) + "; pick it with --gallery-size)"));
  }

  /** {@code cuhk_sysu} or {@code prw} from the folder layout. */
  public static String detect(Path root) {
    if (Files.isDirectory(root.resolve("annotation")) && Files.isDirectory(root.resolve("Image"))) {
      return "cuhk_sysu";
    }
    if (Files.isRegularFile(root.resolve("query_info.txt")) || Files.isDirectory(root.resolve("frames"))) {
      return "prw";
    }
    throw new IllegalArgumentException(root + " is neither a CUHK-SYSU folder (Image/, annotation/) nor a PRW folder "
        + "(frames/, query_info.txt); give --dataset");
  }
}
