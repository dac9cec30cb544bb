package io.solider.tasks.reid.data;

import io.solider.tasks.common.DatasetFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads MSMT17 (V1 layout): {@code train/}, {@code test/} and {@code list_train.txt},
 * {@code list_val.txt}, {@code list_query.txt}, {@code list_gallery.txt} whose lines are
 * {@code relpath pid} (relpath under {@code train/} or {@code test/}); the camera is the third
 * {@code _} field of the path. Training uses train + val, as is customary, relabelled 0..N−1.
 */
public final class Msmt17 {

  private static final Logger log = LoggerFactory.getLogger(Msmt17.class);

  private Msmt17() {}

  /** Reads the data set under {@code root}. */
  public static ReidSplits read(Path root) throws IOException {
    DatasetFormatException.requireDirectory(root, "MSMT17 root");
    Path trainDir = DatasetFormatException.requireDirectory(root.resolve("train"), "MSMT17 train images");
    Path testDir = DatasetFormatException.requireDirectory(root.resolve("test"), "MSMT17 test images");
    List<ReidSample> train = new ArrayList<>(readList(root.resolve("list_train.txt"), trainDir));
    Path val = root.resolve("list_val.txt");
    if (Files.exists(val)) {
      train.addAll(readList(val, trainDir));
    }
    ReidSplits splits = new ReidSplits("msmt17", ReidSplits.relabel(train),
        readList(root.resolve("list_query.txt"), testDir), readList(root.resolve("list_gallery.txt"), testDir));
    splits.summaries().forEach(s -> log.info("{}", s));
    return splits;
  }

  /** Reads one list file, resolving paths against {@code imageDir}. */
  public static List<ReidSample> readList(Path list, Path imageDir) throws IOException {
    DatasetFormatException.requireFile(list, "MSMT17 list");
    List<String> lines = Files.readAllLines(list, StandardCharsets.UTF_8);
    List<ReidSample> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split("\\s+");
      if (parts.length != 2) {
        throw new DatasetFormatException(list, i + 1, "expected \"relpath pid\", got \"" + line + "\"");
      }
      int pid;
      int cam;
      try {
        pid = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new DatasetFormatException(list, i + 1, "pid is not an integer: \"" + parts[1] + "\"");
      }
      String[] fields = parts[0].split("_");
      try {
        cam = Integer.parseInt(fields[2]);
      } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
        throw new DatasetFormatException(list, i + 1,
            "bad MSMT17 file name \"" + parts[0] + "\": camera must be the third _ field");
      }
      out.add(new ReidSample(imageDir.resolve(parts[0]), pid, pid, cam - 1));
    }
    return out;
  }
}
