package io.solider.tasks.search.data;

import static io.solider.tasks.common.MatFiles.as;
import static io.solider.tasks.common.MatFiles.variable;

import io.solider.tasks.common.DatasetFormatException;
import io.solider.tasks.common.MatFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.MatFile;

/**
 * Reads PRW as it ships: {@code frames/*.jpg}, {@code annotations/NAME.jpg.mat} (variable
 * {@code box_new}, or {@code anno_file} / {@code anno_previous}: n×5 rows id, x, y, w, h; id −2 =
 * unlabelled, read as −1), {@code frame_train.mat} ({@code img_index_train}) and
 * {@code frame_test.mat} ({@code img_index_test}) listing frame names without extension, and
 * {@code query_info.txt} (lines {@code pid x y w h name}). Camera = the digit after {@code c} in
 * the frame name, 0-based.
 */
public final class Prw {

  private static final Logger log = LoggerFactory.getLogger(Prw.class);
  private static final Pattern CAMERA = Pattern.compile("c(\\d)");
  private static final List<String> BOX_VARIABLES = List.of("box_new", "anno_file", "anno_previous");

  private Prw() {}

  /** Reads the data set under {@code root}. */
  public static SearchDataset read(Path root) throws IOException {
    DatasetFormatException.requireDirectory(root, "PRW root");
    Path frames = DatasetFormatException.requireDirectory(root.resolve("frames"), "PRW frames");
    Path ann = DatasetFormatException.requireDirectory(root.resolve("annotations"), "PRW annotations");
    List<SearchScene> train = scenes(root.resolve("frame_train.mat"), "img_index_train", frames, ann);
    List<SearchScene> test = scenes(root.resolve("frame_test.mat"), "img_index_test", frames, ann);
    Path info = DatasetFormatException.requireFile(root.resolve("query_info.txt"), "PRW queries");
    List<String> lines = Files.readAllLines(info, StandardCharsets.UTF_8);
    List<SearchQuery> queries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (f.length != 6) {
        throw new DatasetFormatException(info, i + 1, "expected \"pid x y w h name\", got \"" + line + "\"");
      }
      int[] box = new int[4];
      int[] xyxy = new int[4];
      int pid;
      try {
        pid = Integer.parseInt(f[0]);
        double[] raw = new double[4];
        for (int k = 0; k < 4; k++) {
          raw[k] = Double.parseDouble(f[k + 1]);
          box[k] = (int) Math.round(Math.max(0, raw[k]));
        }
        // SeqNet: np.array([x, y, x + w, y + h]).astype(np.int32), then clipped at 0.
        double[] corners = {raw[0], raw[1], raw[0] + raw[2], raw[1] + raw[3]};
        for (int k = 0; k < 4; k++) {
          xyxy[k] = Math.max(0, (int) corners[k]);
        }
      } catch (NumberFormatException e) {
        throw new DatasetFormatException(info, i + 1, "pid and box must be numbers: \"" + line + "\"");
      }
      queries.add(new SearchQuery(frames.resolve(f[5] + ".jpg"), box, pid, String.valueOf(pid),
          camera(f[5], info, i + 1), List.of(), xyxy));
    }
    SearchDataset ds = new SearchDataset("prw", train, test, queries);
    ds.summaries().forEach(s -> log.info("{}", s));
    return ds;
  }

  private static List<SearchScene> scenes(Path listMat, String variable, Path frames, Path ann) throws IOException {
    List<SearchScene> out = new ArrayList<>();
    try (MatFile mat = MatFiles.read(listMat)) {
      Cell names = as(variable(mat, listMat, variable), Cell.class, listMat, variable);
      for (int i = 0; i < names.getNumElements(); i++) {
        String name = MatFiles.string(names.get(i), listMat, variable + "{" + (i + 1) + "}");
        out.add(new SearchScene(frames.resolve(name + ".jpg"), camera(name, listMat, i + 1),
            boxes(ann.resolve(name + ".jpg.mat"))));
      }
    }
    return out;
  }

  private static List<SearchBox> boxes(Path file) throws IOException {
    try (MatFile mat = MatFiles.read(file)) {
      String var = BOX_VARIABLES.stream().filter(v -> MatFiles.hasVariable(mat, v)).findFirst()
          .orElseThrow(() -> new DatasetFormatException(file, "missing variable 'box_new' (or anno_file, anno_previous)"));
      double[][] rows = MatFiles.rows(variable(mat, file, var), file, var);
      List<SearchBox> out = new ArrayList<>();
      for (int i = 0; i < rows.length; i++) {
        if (rows[i].length != 5) {
          throw new DatasetFormatException(file, var + "(" + (i + 1) + ",:): expected 5 columns (id x y w h), got " + rows[i].length);
        }
        int id = (int) rows[i][0];
        int[] b = new int[4];
        double[] clipped = new double[4];
        for (int k = 0; k < 4; k++) {
          clipped[k] = Math.max(0, rows[i][k + 1]);
          b[k] = (int) Math.round(clipped[k]);
        }
        // SeqNet: clip at 0, x2 = x + w in floating point, then astype(np.int32).
        int[] xyxy = {(int) clipped[0], (int) clipped[1], (int) (clipped[0] + clipped[2]), (int) (clipped[1] + clipped[3])};
        boolean labelled = id >= 0;
        out.add(new SearchBox(b, labelled ? id : -1, labelled ? String.valueOf(id) : null, false, xyxy));
      }
      return out;
    }
  }

  private static int camera(String name, Path file, int line) throws DatasetFormatException {
    Matcher m = CAMERA.matcher(name);
    if (!m.find()) {
      throw new DatasetFormatException(file, line, "frame name \"" + name + "\" has no camera (cN)");
    }
    return Integer.parseInt(m.group(1)) - 1;
  }
}
