package io.solider.tasks.synth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Writes re-id crops in the Market-1501 folder layout and the MSMT17 list layout. */
final class ReidWriters {

  private ReidWriters() {}

  /** One image to draw: who, which camera, and the names it gets. */
  private record Plan(int identity, int camera, int shot, String split, String path, int pidWritten,
      int kind) {}

  private static final int PERSON = 0;
  private static final int DISTRACTOR = 1;
  private static final int JUNK = 2;

  static List<CameraStyle> cameras(long seed, String stream, int n) {
    List<CameraStyle> cams = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cams.add(CameraStyle.random(Rng.of(seed, stream + "-camera", i), i));
    }
    return cams;
  }

  static Look look(long seed, String stream, int identity) {
    return Look.random(Rng.of(seed, stream + "-look", identity));
  }

  /** The cameras (0-based) that see {@code identity}: at least two. */
  static int[] camerasOf(long seed, String stream, int identity, int cameras) {
    SplittableRandom r = Rng.of(seed, stream + "-cams", identity);
    int[] perm = IntStream.range(0, cameras).toArray();
    for (int i = cameras - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int k = r.nextInt(2, cameras + 1);
    int[] out = java.util.Arrays.copyOf(perm, k);
    java.util.Arrays.sort(out);
    return out;
  }

  /**
   * Market-1501: identities 1..n/2 train, the rest test; per test identity one query per camera,
   * the other shots in the gallery; distractors (0000) and junk (−1) in the gallery.
   */
  static List<ReidShot> writeMarket(SynthConfig cfg, Path root) {
    String stream = "market";
    int n = cfg.identities();
    int nTrain = n / 2;
    List<Plan> plans = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int pid = i + 1;
      boolean train = i < nTrain;
      int[] cams = camerasOf(cfg.seed(), stream, i, cfg.cameras());
      int shots = Math.max(cfg.imagesPerIdentity(), cams.length);
      boolean[] queried = new boolean[cfg.cameras()];
      for (int j = 0; j < shots; j++) {
        int cam = cams[j % cams.length];
        SplittableRandom r = Rng.of(cfg.seed(), stream + "-name", i, j);
        String split;
        String folder;
        if (train) {
          split = "train";
          folder = "bounding_box_train";
        } else if (!queried[cam]) {
          queried[cam] = true;
          split = "query";
          folder = "query";
        } else {
          split = "gallery";
          folder = "bounding_box_test";
        }
        String name = marketName(pid, cam + 1, r, j);
        plans.add(new Plan(i, cam, j, split, folder + "/" + name, pid, PERSON));
      }
    }
    for (int d = 0; d < cfg.distractors() + cfg.junk(); d++) {
      boolean junk = d >= cfg.distractors();
      SplittableRandom r = Rng.of(cfg.seed(), stream + "-extra-name", d);
      int cam = r.nextInt(cfg.cameras());
      int pid = junk ? -1 : 0;
      String name = marketName(pid, cam + 1, r, d);
      plans.add(new Plan(-1 - d, cam, d, "gallery", "bounding_box_test/" + name, pid, junk ? JUNK : DISTRACTOR));
    }
    List<CameraStyle> cams = cameras(cfg.seed(), stream, cfg.cameras());
    return draw(cfg, root, stream, plans, cams);
  }

  /** {@code PPPP_cCsS_FFFFFF_NN.jpg} with pid −1 written as {@code -1}. */
  static String marketName(int pid, int camera, SplittableRandom r, int index) {
    String p = pid < 0 ? "-1" : String.format("%04d", pid);
    int seq = r.nextInt(1, 7);
    int frame = index * 200 + r.nextInt(1, 200);
    int box = r.nextInt(1, 9);
    return String.format("%s_c%ds%d_%06d_%02d.jpg", p, camera, seq, frame, box);
  }

  /**
   * MSMT17 (V1 layout): {@code train/PPPP/PPPP_III_CC_0303T_FFFF_0.jpg}, lists
   * {@code list_{train,val,query,gallery}.txt} with lines {@code relpath pid}; train and test
   * identities are each numbered from 0; about one train image in ten goes to the val list.
   */
  static List<ReidShot> writeMsmt(SynthConfig cfg, Path root) {
    String stream = "msmt";
    int n = cfg.identities();
    int nTrain = n / 2;
    String[] times = {"morning", "noon", "afternoon"};
    List<Plan> plans = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean train = i < nTrain;
      int pid = train ? i : i - nTrain;
      int[] cams = camerasOf(cfg.seed(), stream, i, cfg.cameras());
      int shots = Math.max(cfg.imagesPerIdentity(), cams.length);
      boolean[] queried = new boolean[cfg.cameras()];
      for (int j = 0; j < shots; j++) {
        int cam = cams[j % cams.length];
        SplittableRandom r = Rng.of(cfg.seed(), stream + "-name", i, j);
        String split;
        if (train) {
          split = r.nextInt(10) == 0 ? "val" : "train";
        } else if (!queried[cam]) {
          queried[cam] = true;
          split = "query";
        } else {
          split = "gallery";
        }
        String name = String.format("%04d_%03d_%02d_0303%s_%04d_0.jpg",
            pid, j, cam + 1, times[r.nextInt(times.length)], j * 40 + r.nextInt(1, 40));
        String dir = train ? "train" : "test";
        plans.add(new Plan(i, cam, j, split, dir + "/" + String.format("%04d", pid) + "/" + name, pid, PERSON));
      }
    }
    List<CameraStyle> cams = cameras(cfg.seed(), stream, cfg.cameras());
    List<ReidShot> shots = draw(cfg, root, stream, plans, cams);
    for (String list : List.of("train", "val", "query", "gallery")) {
      String text = shots.stream()
          .filter(s -> s.split().equals(list))
          .map(s -> s.path().substring(s.path().indexOf('/') + 1) + " " + s.pid() + "\n")
          .collect(Collectors.joining());
      write(root.resolve("list_" + list + ".txt"), text);
    }
    return shots;
  }

  private static List<ReidShot> draw(SynthConfig cfg, Path root, String stream, List<Plan> plans,
      List<CameraStyle> cams) {
    return plans.parallelStream().map(p -> {
      CameraStyle cam = cams.get(p.camera());
      SplittableRandom r = Rng.of(cfg.seed(), stream + "-image", p.identity(), p.shot());
      Look look = p.kind() == PERSON ? look(cfg.seed(), stream, p.identity()) : Look.random(r);
      Photo.Crop crop;
      if (p.kind() == PERSON) {
        crop = Photo.crop(look, cam, r, cfg.cropWidth(), cfg.cropHeight());
      } else {
        crop = Photo.badCrop(look, cam, r, cfg.cropWidth(), cfg.cropHeight(), p.kind() == JUNK);
      }
      try {
        ImageFiles.writeJpeg(crop.image(), root.resolve(p.path()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new ReidShot(p.split(), p.path(), p.pidWritten(), p.camera() + 1);
    }).toList();
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
