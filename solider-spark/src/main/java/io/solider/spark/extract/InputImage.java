package io.solider.spark.extract;

import io.solider.nn.image.Images;
import io.solider.tasks.reid.data.Market1501;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * One image to extract.
 *
 * @param row its position in the input listing (the row of {@code solider extract}'s arrays)
 * @param path where executors read it
 * @param file its name relative to the input folder (as in {@code solider extract}'s index.csv)
 * @param pid identity from a Market-1501-style name ({@code PPPP_cC…}), else −1
 * @param camid 0-based camera from such a name, else −1
 */
public record InputImage(long row, String path, String file, int pid, int camid) implements Serializable {

  /** Longest list file read (bytes). */
  static final long MAX_LIST_BYTES = 1L << 30;

  /**
   * The images of {@code input}: every image in a folder (recursively, sorted by path, as
   * {@code solider extract} lists them), or the files named in a list file, one per line (relative
   * to the list file's folder, or absolute; blank lines and lines starting with # are skipped).
   *
   * @throws NoSuchFileException when the input does not exist
   * @throws IllegalArgumentException when it holds no image
   */
  public static List<InputImage> list(Path input) throws IOException {
    if (!Files.exists(input)) {
      throw new NoSuchFileException(input.toString(), null, "input does not exist");
    }
    Path root;
    List<Path> files;
    if (Files.isDirectory(input)) {
      root = input;
      files = Images.listImages(input);
    } else {
      if (Files.size(input) > MAX_LIST_BYTES) {
        throw new IllegalArgumentException(input + ": list file is larger than " + (MAX_LIST_BYTES >> 20) + " MB");
      }
      root = input.toAbsolutePath().getParent();
      files = new ArrayList<>();
      for (String line : Files.readAllLines(input)) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          files.add(root.resolve(t));
        }
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(input + ": no images found (looked for " + Images.EXTENSIONS + ")");
    }
    List<InputImage> out = new ArrayList<>(files.size());
    for (Path f : files) {
      out.add(of(out.size(), f.toAbsolutePath().toString(), root.relativize(f).toString()));
    }
    return out;
  }

  /**
   * The image at {@code row} of a listing, with identity and camera parsed from the last part of
   * {@code file} when it is a Market-1501-style name, else −1.
   */
  static InputImage of(long row, String path, String file) {
    int slash = file.lastIndexOf('/');
    Matcher m = Market1501.NAME.matcher(file.substring(slash + 1));
    int pid = m.matches() ? Integer.parseInt(m.group(1)) : -1;
    int camid = m.matches() ? Integer.parseInt(m.group(2)) - 1 : -1;
    return new InputImage(row, path, file, pid, camid);
  }
}
