package io.solider.tasks.reid.data;

import io.solider.tasks.common.DatasetFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Market-1501 as it ships: {@code bounding_box_train/}, {@code query/} and
 * {@code bounding_box_test/} holding {@code PPPP_cCsS_FFFFFF_NN.jpg}. Identity and camera come from
 * the file name; identity −1 (junk) is dropped, identity 0 (distractor) is kept in the gallery;
 * training identities are relabelled 0..N−1.
 */
public final class Market1501 {

  private static final Logger log = LoggerFactory.getLogger(Market1501.class);
  /** Market-1501 image names: group 1 the identity, group 2 the 1-based camera. */
  public static final Pattern NAME = Pattern.compile("^(-1|\\d{4})_c(\\d)s\\d+_\\d+_\\d+\\.jpg$");

  private Market1501() {}

  /** Reads the data set under {@code root}. */
  public static ReidSplits read(Path root) throws IOException {
    DatasetFormatException.requireDirectory(root, "Market-1501 root");
    List<ReidSample> train = ReidSplits.relabel(readFolder(root.resolve("bounding_box_train"), false));
    List<ReidSample> query = readFolder(root.resolve("query"), false);
    List<ReidSample> gallery = readFolder(root.resolve("bounding_box_test"), true);
    ReidSplits splits = new ReidSplits("market1501", train, query, gallery);
    splits.summaries().forEach(s -> log.info("{}", s));
    return splits;
  }

  /** The images of one folder; distractors (identity 0) only when {@code keepDistractors}. */
  static List<ReidSample> readFolder(Path dir, boolean keepDistractors) throws IOException {
    DatasetFormatException.requireDirectory(dir, "Market-1501 split");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".jpg")).sorted().toList();
    }
    List<ReidSample> out = new ArrayList<>();
    for (Path f : files) {
      Matcher m = NAME.matcher(f.getFileName().toString());
      if (!m.matches()) {
        throw new DatasetFormatException(f, "bad Market-1501 file name, expected PPPP_cCsS_FFFFFF_NN.jpg");
      }
      int pid = Integer.parseInt(m.group(1));
      int cam = Integer.parseInt(m.group(2));
      if (cam < 1) {
        throw new DatasetFormatException(f, "camera must be 1..9, got " + cam);
      }
      if (pid == -1 || (pid == 0 && !keepDistractors)) {
        continue;
      }
      out.add(new ReidSample(f, pid, pid, cam - 1));
    }
    return out;
  }
}
