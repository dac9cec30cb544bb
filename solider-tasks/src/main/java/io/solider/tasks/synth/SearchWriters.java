package io.solider.tasks.synth;

import io.solider.tasks.common.MatFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Struct;

/**
 * Writes the person-search sets from one plan of scenes and identities: CUHK-SYSU
 * ({@code Image/SSM/sN.jpg} and {@code annotation/Images.mat}, {@code pool.mat},
 * {@code test/train_test/Train.mat}, {@code TestG{50,100,…}.mat}) and PRW ({@code frames/},
 * {@code annotations/*.jpg.mat}, {@code frame_{train,test}.mat}, {@code ID_{train,test}.mat},
 * {@code query_info.txt}, {@code query_box/}).
 */
final class SearchWriters {

  /** Gallery sizes CUHK-SYSU ships protocols for. */
  static final int[] GALLERY_SIZES = {50, 100, 500, 1000, 2000, 4000};

  private SearchWriters() {}

  /** One scene to draw. */
  record Plan(int index, boolean train, int camera, List<Scene.Actor> actors) {}

  /** Labelled people per scene at most. */
  static final int LABELLED_PER_SCENE = 3;

  /**
   * Plans scenes: half train, half test; each labelled identity appears in 2–4 scenes of one
   * split, up to three labelled people per scene, plus 0–3 unlabelled passers-by (at least one
   * person per scene).
   */
  static List<Plan> plan(SynthConfig cfg, String stream) {
    int n = cfg.searchScenes();
    int nTrain = n / 2;
    List<List<Scene.Actor>> actors = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      actors.add(new ArrayList<>());
    }
    SplittableRandom r = Rng.of(cfg.seed(), stream + "-plan");
    int pid = 1;
    for (int split = 0; split < 2; split++) {
      int lo = split == 0 ? 0 : nTrain;
      int hi = split == 0 ? nTrain : n;
      while (true) {
        List<Integer> free = new ArrayList<>();
        for (int i = lo; i < hi; i++) {
          if (actors.get(i).size() < LABELLED_PER_SCENE) {
            free.add(i);
          }
        }
        int m = r.nextInt(2, 5);
        if (free.size() < 2) {
          break;
        }
        Look look = Look.random(Rng.of(cfg.seed(), stream + "-look", pid));
        for (int k = 0; k < Math.min(m, free.size()); k++) {
          int j = k + r.nextInt(free.size() - k);
          int scene = free.get(j);
          free.set(j, free.get(k));
          free.set(k, scene);
          actors.get(scene).add(new Scene.Actor(pid, look));
        }
        pid++;
      }
    }
    List<Plan> plans = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SplittableRandom s = Rng.of(cfg.seed(), stream + "-extras", i);
      List<Scene.Actor> a = new ArrayList<>(actors.get(i));
      int extra = s.nextInt(a.isEmpty() ? 1 : 0, 4);
      for (int k = 0; k < extra; k++) {
        a.add(new Scene.Actor(-1, Look.random(s)));
      }
      plans.add(new Plan(i, i < nTrain, s.nextInt(Math.min(cfg.cameras(), 6)), a));
    }
    return plans;
  }

  private static List<SynthTruth.SceneTruth> drawScenes(SynthConfig cfg, String stream, List<Plan> plans,
      Path root, java.util.function.IntFunction<String> fileOf, int width, int height) {
    List<CameraStyle> cams = ReidWriters.cameras(cfg.seed(), stream, cfg.cameras());
    return plans.parallelStream().map(p -> {
      SplittableRandom r = Rng.of(cfg.seed(), stream + "-image", p.index());
      Scene s = Scene.draw(r, cams.get(p.camera()), width, height, p.actors(), false, false, 0, 1.0);
      String file = fileOf.apply(p.index());
      SceneWriters.write(s, root.resolve(file), false);
      List<SynthTruth.PersonTruth> people = s.people.stream().map(Scene.Placed::truth)
          .filter(t -> t.box()[2] > 0 && t.box()[3] > 0).toList();
      return new SynthTruth.SceneTruth(p.train() ? "train" : "test", file, width, height, people);
    }).toList();
  }

  static String cuhkName(int index) {
    return "s" + (index + 1) + ".jpg";
  }

  static List<SynthTruth.SceneTruth> writeCuhkSysu(SynthConfig cfg, Path root) {
    String stream = "cuhk";
    List<Plan> plans = plan(cfg, stream);
    List<SynthTruth.SceneTruth> scenes =
        drawScenes(cfg, stream, plans, root, i -> "Image/SSM/" + cuhkName(i), 480, 300);
    try {
      writeCuhkAnnotations(cfg, root.resolve("annotation"), scenes, stream);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return scenes;
  }

  private static String name(SynthTruth.SceneTruth s) {
    return s.file().substring(s.file().lastIndexOf('/') + 1);
  }

  private static void writeCuhkAnnotations(SynthConfig cfg, Path dir, List<SynthTruth.SceneTruth> scenes,
      String stream) throws IOException {
    Struct img = Mat5.newStruct(1, scenes.size());
    for (int i = 0; i < scenes.size(); i++) {
      SynthTruth.SceneTruth s = scenes.get(i);
      Struct box = Mat5.newStruct(1, s.people().size());
      for (int k = 0; k < s.people().size(); k++) {
        SynthTruth.PersonTruth p = s.people().get(k);
        box.set("idlocate", k, box(p.box()));
        box.set("ishard", k, Mat5.newScalar(hard(p) ? 1 : 0));
      }
      img.set("imname", i, Mat5.newString(name(s)));
      img.set("nAppear", i, Mat5.newScalar(s.people().size()));
      img.set("box", i, box);
    }
    MatFiles.write(dir.resolve("Images.mat"), Map.of("Img", img));
    List<String> pool = scenes.stream().filter(s -> s.split().equals("test")).map(SearchWriters::name).toList();
    MatFiles.write(dir.resolve("pool.mat"), Map.of("pool", MatFiles.column(pool)));

    Map<Integer, List<int[]>> appearances = new java.util.TreeMap<>(); // pid -> (scene, person)
    for (int i = 0; i < scenes.size(); i++) {
      List<SynthTruth.PersonTruth> ps = scenes.get(i).people();
      for (int k = 0; k < ps.size(); k++) {
        if (ps.get(k).pid() > 0) {
          appearances.computeIfAbsent(ps.get(k).pid(), x -> new ArrayList<>()).add(new int[] {i, k});
        }
      }
    }
    List<Integer> trainIds = new ArrayList<>();
    List<Integer> testIds = new ArrayList<>();
    for (var e : appearances.entrySet()) {
      if (e.getValue().size() < 2) {
        continue;
      }
      (scenes.get(e.getValue().get(0)[0]).split().equals("train") ? trainIds : testIds).add(e.getKey());
    }
    Cell train = Mat5.newCell(trainIds.size(), 1);
    for (int t = 0; t < trainIds.size(); t++) {
      int pid = trainIds.get(t);
      List<int[]> app = appearances.get(pid);
      Struct item = Mat5.newStruct(1, 1);
      Struct scene = Mat5.newStruct(1, app.size());
      for (int a = 0; a < app.size(); a++) {
        SynthTruth.SceneTruth s = scenes.get(app.get(a)[0]);
        SynthTruth.PersonTruth p = s.people().get(app.get(a)[1]);
        scene.set("imname", a, Mat5.newString(name(s)));
        scene.set("idlocate", a, box(p.box()));
        scene.set("ishard", a, Mat5.newScalar(hard(p) ? 1 : 0));
      }
      item.set("idname", Mat5.newString(idName(pid)));
      item.set("nAppear", Mat5.newScalar(app.size()));
      item.set("scene", scene);
      train.set(t, 0, item);
    }
    MatFiles.write(dir.resolve("test/train_test/Train.mat"), Map.of("Train", train));

    List<Integer> testScenes = new ArrayList<>();
    for (int i = 0; i < scenes.size(); i++) {
      if (scenes.get(i).split().equals("test")) {
        testScenes.add(i);
      }
    }
    List<Integer> sizes = new ArrayList<>();
    for (int g : GALLERY_SIZES) {
      if (g <= testScenes.size() - 1) {
        sizes.add(g);
      }
    }
    if (sizes.isEmpty() && testScenes.size() > 1) {
      sizes.add(testScenes.size() - 1);
    }
    for (int g : sizes) {
      Struct protocol = Mat5.newStruct(1, testIds.size());
      for (int q = 0; q < testIds.size(); q++) {
        int pid = testIds.get(q);
        List<int[]> app = appearances.get(pid);
        SynthTruth.SceneTruth qs = scenes.get(app.get(0)[0]);
        SynthTruth.PersonTruth qp = qs.people().get(app.get(0)[1]);
        Struct query = Mat5.newStruct(1, 1);
        query.set("imname", Mat5.newString(name(qs)));
        query.set("idlocate", box(qp.box()));
        query.set("ishard", Mat5.newScalar(hard(qp) ? 1 : 0));
        query.set("idname", Mat5.newString(idName(pid)));
        // Gallery: the other scenes showing the person, then scenes without them.
        List<int[]> gallery = new ArrayList<>(app.subList(1, app.size()));
        SplittableRandom r = Rng.of(cfg.seed(), stream + "-gallery", g, pid);
        List<Integer> others = new ArrayList<>();
        for (int i : testScenes) {
          boolean has = app.stream().anyMatch(a -> a[0] == i);
          if (!has) {
            others.add(i);
          }
        }
        for (int k = 0; gallery.size() < g && k < others.size(); k++) {
          int j = k + r.nextInt(others.size() - k);
          int pick = others.get(j);
          others.set(j, others.get(k));
          others.set(k, pick);
          gallery.add(new int[] {pick, -1});
        }
        Struct gs = Mat5.newStruct(1, gallery.size());
        for (int k = 0; k < gallery.size(); k++) {
          SynthTruth.SceneTruth s = scenes.get(gallery.get(k)[0]);
          int person = gallery.get(k)[1];
          gs.set("imname", k, Mat5.newString(name(s)));
          gs.set("idlocate", k, person < 0 ? Mat5.newMatrix(1, 0) : box(s.people().get(person).box()));
          gs.set("ishard", k, Mat5.newScalar(person >= 0 && hard(s.people().get(person)) ? 1 : 0));
        }
        protocol.set("Query", q, query);
        protocol.set("Gallery", q, gs);
      }
      MatFiles.write(dir.resolve("test/train_test/TestG" + g + ".mat"), Map.of("TestG" + g, protocol));
    }
  }

  static String idName(int pid) {
    return String.format("p%05d", pid);
  }

  static boolean hard(SynthTruth.PersonTruth p) {
    return p.visRatio() < 0.6;
  }

  private static Array box(int[] b) {
    return MatFiles.row(b[0], b[1], b[2], b[3]);
  }

  /** PRW frame name {@code cCsS_FFFFFF} (no extension). */
  static String prwName(int index, int camera) {
    return String.format("c%ds%d_%06d", camera + 1, 1 + index % 3, 1000 + index * 25);
  }

  static List<SynthTruth.SceneTruth> writePrw(SynthConfig cfg, Path root) {
    String stream = "prw";
    List<Plan> plans = plan(cfg, stream);
    List<SynthTruth.SceneTruth> scenes = drawScenes(cfg, stream, plans, root,
        i -> "frames/" + prwName(i, plans.get(i).camera()) + ".jpg", 480, 270);
    try {
      Map<String, List<String>> frames = new LinkedHashMap<>();
      frames.put("train", new ArrayList<>());
      frames.put("test", new ArrayList<>());
      java.util.TreeSet<Integer> trainIds = new java.util.TreeSet<>();
      java.util.TreeSet<Integer> testIds = new java.util.TreeSet<>();
      StringBuilder queries = new StringBuilder();
      java.util.Set<Integer> queried = new java.util.HashSet<>();
      for (SynthTruth.SceneTruth s : scenes) {
        String stem = name(s).substring(0, name(s).length() - 4);
        frames.get(s.split()).add(stem);
        double[][] rows = new double[s.people().size()][];
        for (int k = 0; k < rows.length; k++) {
          SynthTruth.PersonTruth p = s.people().get(k);
          int[] b = p.box();
          rows[k] = new double[] {p.pid() > 0 ? p.pid() : -2, b[0], b[1], b[2], b[3]};
          if (p.pid() > 0) {
            (s.split().equals("train") ? trainIds : testIds).add(p.pid());
          }
          if (p.pid() > 0 && s.split().equals("test") && queried.add(p.pid())) {
            queries.append(String.format("%d %d %d %d %d %s\r\n", p.pid(), b[0], b[1], b[2], b[3], stem));
            BufferedImage frame = javax.imageio.ImageIO.read(root.resolve(s.file()).toFile());
            ImageFiles.writeJpeg(frame.getSubimage(b[0], b[1], b[2], b[3]),
                root.resolve("query_box").resolve(p.pid() + "_" + stem + ".jpg"));
          }
        }
        MatFiles.write(root.resolve("annotations").resolve(name(s) + ".mat"),
            Map.of("box_new", MatFiles.matrix(rows, 5)));
      }
      MatFiles.write(root.resolve("frame_train.mat"), Map.of("img_index_train", MatFiles.column(frames.get("train"))));
      MatFiles.write(root.resolve("frame_test.mat"), Map.of("img_index_test", MatFiles.column(frames.get("test"))));
      MatFiles.write(root.resolve("ID_train.mat"),
          Map.of("ID_train", MatFiles.row(trainIds.stream().mapToDouble(x -> x).toArray())));
      MatFiles.write(root.resolve("ID_test.mat"),
          Map.of("ID_test", MatFiles.row(testIds.stream().mapToDouble(x -> x).toArray())));
      ReidWriters.write(root.resolve("query_info.txt"), queries.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return scenes;
  }
}
