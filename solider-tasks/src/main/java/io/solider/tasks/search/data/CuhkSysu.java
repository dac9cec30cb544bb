package io.solider.tasks.search.data;

import static io.solider.tasks.common.MatFiles.as;
import static io.solider.tasks.common.MatFiles.field;
import static io.solider.tasks.common.MatFiles.variable;

import io.solider.tasks.common.DatasetFormatException;
import io.solider.tasks.common.MatFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Struct;

/**
 * Reads CUHK-SYSU as it ships: images in {@code Image/SSM/}, and in {@code annotation/}:
 * {@code Images.mat} ({@code Img}: struct array of {@code imname}, {@code nAppear}, {@code box}
 * with {@code idlocate} x,y,w,h and {@code ishard}), {@code pool.mat} ({@code pool}: the test
 * scene names), {@code test/train_test/Train.mat} ({@code Train}: cell of structs {@code idname},
 * {@code nAppear}, {@code scene}) and {@code test/train_test/TestG<N>.mat} ({@code TestG<N>}:
 * struct array of {@code Query} and {@code Gallery}). Training scenes are all scenes not in the
 * pool. Identities are numbered like SeqNet: Train.mat order for training, protocol order for test.
 */
public final class CuhkSysu {

  private static final Logger log = LoggerFactory.getLogger(CuhkSysu.class);
  private static final Pattern PROTOCOL = Pattern.compile("^TestG(\\d+)\\.mat$");

  private CuhkSysu() {}

  /** Reads with the TestG50 protocol, or the smallest gallery size present. */
  public static SearchDataset read(Path root) throws IOException {
    Path dir = DatasetFormatException.requireDirectory(root.resolve("annotation/test/train_test"), "CUHK-SYSU protocols");
    int best = Integer.MAX_VALUE;
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        Matcher m = PROTOCOL.matcher(p.getFileName().toString());
        if (m.matches()) {
          int g = Integer.parseInt(m.group(1));
          best = g == 50 ? -1 : Math.min(best, g);
        }
      }
    }
    if (best == Integer.MAX_VALUE) {
      throw new DatasetFormatException(dir, "missing file (no TestG<N>.mat test protocol)");
    }
    return read(root, best == -1 ? 50 : best);
  }

  /** Reads with the TestG{@code gallerySize} protocol. */
  public static SearchDataset read(Path root, int gallerySize) throws IOException {
    DatasetFormatException.requireDirectory(root, "CUHK-SYSU root");
    Path images = DatasetFormatException.requireDirectory(root.resolve("Image/SSM"), "CUHK-SYSU images");
    Path ann = DatasetFormatException.requireDirectory(root.resolve("annotation"), "CUHK-SYSU annotations");

    // All scenes and their boxes.
    Path imagesMat = ann.resolve("Images.mat");
    Map<String, List<int[]>> boxes = new LinkedHashMap<>();
    Map<String, List<Boolean>> hard = new LinkedHashMap<>();
    try (MatFile mat = MatFiles.read(imagesMat)) {
      Struct img = as(variable(mat, imagesMat, "Img"), Struct.class, imagesMat, "Img");
      for (int i = 0; i < img.getNumElements(); i++) {
        String where = "Img(" + (i + 1) + ")";
        String name = MatFiles.string(field(img, i, "imname", imagesMat, where), imagesMat, where + ".imname");
        Struct box = as(field(img, i, "box", imagesMat, where), Struct.class, imagesMat, where + ".box");
        List<int[]> bs = new ArrayList<>();
        List<Boolean> hs = new ArrayList<>();
        for (int k = 0; k < box.getNumElements(); k++) {
          String bw = where + ".box(" + (k + 1) + ")";
          double[] raw = raw4(field(box, k, "idlocate", imagesMat, bw), imagesMat, bw + ".idlocate");
          if (!(raw[2] > 0 && raw[3] > 0)) {
            continue;
          }
          int[] b = truncate(raw);
          bs.add(b);
          hs.add(box.getFieldNames().contains("ishard")
              && MatFiles.numbers(box.get("ishard", k), imagesMat, bw + ".ishard")[0] != 0);
        }
        boxes.put(name, bs);
        hard.put(name, hs);
      }
    }
    Path poolMat = ann.resolve("pool.mat");
    Set<String> pool = new HashSet<>();
    try (MatFile mat = MatFiles.read(poolMat)) {
      Cell c = as(variable(mat, poolMat, "pool"), Cell.class, poolMat, "pool");
      for (int i = 0; i < c.getNumElements(); i++) {
        String name = MatFiles.string(c.get(i), poolMat, "pool{" + (i + 1) + "}");
        if (!boxes.containsKey(name)) {
          throw new DatasetFormatException(poolMat, "pool{" + (i + 1) + "}: scene " + name + " is not in Images.mat");
        }
        pool.add(name);
      }
    }
    Map<String, SearchBox[]> labelled = new LinkedHashMap<>();
    boxes.forEach((name, bs) -> {
      SearchBox[] arr = new SearchBox[bs.size()];
      for (int k = 0; k < arr.length; k++) {
        arr[k] = new SearchBox(bs.get(k), -1, null, hard.get(name).get(k));
      }
      labelled.put(name, arr);
    });

    // Training identities.
    Path trainMat = ann.resolve("test/train_test/Train.mat");
    try (MatFile mat = MatFiles.read(trainMat)) {
      Cell train = as(variable(mat, trainMat, "Train"), Cell.class, trainMat, "Train");
      for (int t = 0; t < train.getNumElements(); t++) {
        String where = "Train{" + (t + 1) + "}";
        Struct item = as(train.get(t), Struct.class, trainMat, where);
        String idName = MatFiles.string(field(item, 0, "idname", trainMat, where), trainMat, where + ".idname");
        Struct scene = as(field(item, 0, "scene", trainMat, where), Struct.class, trainMat, where + ".scene");
        for (int k = 0; k < scene.getNumElements(); k++) {
          String sw = where + ".scene(" + (k + 1) + ")";
          String name = MatFiles.string(field(scene, k, "imname", trainMat, sw), trainMat, sw + ".imname");
          int[] b = box4(field(scene, k, "idlocate", trainMat, sw), trainMat, sw + ".idlocate");
          assign(labelled, name, b, t + 1, idName, trainMat, sw);
        }
      }
    }

    // Test protocol.
    String var = "TestG" + gallerySize;
    Path testMat = ann.resolve("test/train_test/" + var + ".mat");
    List<SearchQuery> queries = new ArrayList<>();
    try (MatFile mat = MatFiles.read(testMat)) {
      Struct protocol = as(variable(mat, testMat, var), Struct.class, testMat, var);
      for (int q = 0; q < protocol.getNumElements(); q++) {
        String where = var + "(" + (q + 1) + ")";
        Struct query = as(field(protocol, q, "Query", testMat, where), Struct.class, testMat, where + ".Query");
        String qw = where + ".Query";
        String name = MatFiles.string(field(query, 0, "imname", testMat, qw), testMat, qw + ".imname");
        int[] qb = box4(field(query, 0, "idlocate", testMat, qw), testMat, qw + ".idlocate");
        String idName = query.getFieldNames().contains("idname")
            ? MatFiles.string(query.get("idname", 0), testMat, qw + ".idname") : "test" + (q + 1);
        assign(labelled, name, qb, q + 1, idName, testMat, qw);
        Struct gallery = as(field(protocol, q, "Gallery", testMat, where), Struct.class, testMat, where + ".Gallery");
        List<SearchQuery.GalleryEntry> entries = new ArrayList<>();
        for (int k = 0; k < gallery.getNumElements(); k++) {
          String gw = where + ".Gallery(" + (k + 1) + ")";
          String gname = MatFiles.string(field(gallery, k, "imname", testMat, gw), testMat, gw + ".imname");
          Array loc = field(gallery, k, "idlocate", testMat, gw);
          int[] gb = loc.getNumElements() == 0 ? null : box4(loc, testMat, gw + ".idlocate");
          if (gb != null) {
            assign(labelled, gname, gb, q + 1, idName, testMat, gw);
          } else if (!labelled.containsKey(gname)) {
            throw new DatasetFormatException(testMat, gw + ".imname: scene " + gname + " is not in Images.mat");
          }
          entries.add(new SearchQuery.GalleryEntry(images.resolve(gname), gb));
        }
        queries.add(new SearchQuery(images.resolve(name), qb, q + 1, idName, -1, entries));
      }
    }
    List<SearchScene> train = new ArrayList<>();
    List<SearchScene> test = new ArrayList<>();
    labelled.forEach((name, arr) -> (pool.contains(name) ? test : train)
        .add(new SearchScene(images.resolve(name), -1, List.of(arr))));
    SearchDataset ds = new SearchDataset("cuhk_sysu", train, test, queries);
    ds.summaries().forEach(s -> log.info("{}", s));
    return ds;
  }

  private static void assign(Map<String, SearchBox[]> labelled, String name, int[] box, int pid, String idName,
      Path file, String where) throws DatasetFormatException {
    SearchBox[] arr = labelled.get(name);
    if (arr == null) {
      throw new DatasetFormatException(file, where + ".imname: scene " + name + " is not in Images.mat");
    }
    for (int k = 0; k < arr.length; k++) {
      if (java.util.Arrays.equals(arr[k].box(), box)) {
        arr[k] = arr[k].withPid(pid, idName);
        return;
      }
    }
    throw new DatasetFormatException(file, where + ".idlocate: box " + java.util.Arrays.toString(box)
        + " is not among the boxes of " + name + " in Images.mat");
  }

  /** x, y, w, h as int32, truncated as SeqNet's {@code astype(np.int32)} does. */
  static int[] box4(Array a, Path file, String where) throws DatasetFormatException {
    return truncate(raw4(a, file, where));
  }

  private static double[] raw4(Array a, Path file, String where) throws DatasetFormatException {
    double[] v = MatFiles.numbers(a, file, where);
    if (v.length != 4) {
      throw new DatasetFormatException(file, where + ": expected 4 numbers (x, y, w, h), got " + v.length);
    }
    return v;
  }

  private static int[] truncate(double[] v) {
    return new int[] {(int) v[0], (int) v[1], (int) v[2], (int) v[3]};
  }
}
