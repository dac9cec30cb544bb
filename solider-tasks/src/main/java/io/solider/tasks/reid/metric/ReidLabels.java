package io.solider.tasks.reid.metric;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Identity and camera labels of a feature file: a CSV with the header {@code pid,camid} and one
 * {@code pid,camid} row of integers per feature row. The parser is strict: any other content is an
 * error naming the file and the line.
 *
 * @param pids identity per row
 * @param camids camera per row
 */
public record ReidLabels(int[] pids, int[] camids) {

  /** Number of rows. */
  public int size() {
    return pids.length;
  }

  /** Reads a labels CSV. */
  public static ReidLabels read(Path file) throws IOException {
    List<int[]> rows = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header != null && header.startsWith("\uFEFF")) {
        header = header.substring(1);
      }
      if (header == null || !header.strip().equals("pid,camid")) {
        throw new IllegalArgumentException(file + ": line 1: expected the header 'pid,camid', got "
            + (header == null ? "an empty file" : "'" + header + "'"));
      }
      String line;
      int lineNo = 1;
      int blankAt = -1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          blankAt = blankAt < 0 ? lineNo : blankAt;
          continue;
        }
        if (blankAt > 0) {
          throw new IllegalArgumentException(file + ": line " + blankAt + ": empty line before the end of the file");
        }
        String[] parts = line.strip().split(",", -1);
        if (parts.length != 2) {
          throw new IllegalArgumentException(file + ": line " + lineNo + ": expected 'pid,camid' (two integers), got '" + line + "'");
        }
        try {
          rows.add(new int[] {Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip())});
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(file + ": line " + lineNo + ": expected 'pid,camid' (two integers), got '" + line + "'");
        }
      }
    }
    int[] pids = new int[rows.size()];
    int[] cams = new int[rows.size()];
    for (int i = 0; i < pids.length; i++) {
      pids[i] = rows.get(i)[0];
      cams[i] = rows.get(i)[1];
    }
    return new ReidLabels(pids, cams);
  }

  /** Throws unless there is one label row per feature row, naming both counts. */
  public void requireRows(long featureRows, Path labelsFile, Path featuresFile) {
    if (featureRows != pids.length) {
      throw new IllegalArgumentException(labelsFile + " has " + pids.length + " label rows but " + featuresFile
          + " has " + featureRows + " feature rows");
    }
  }
}
