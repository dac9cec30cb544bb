package io.solider.tasks.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Writes the scene-based sets: COCO keypoints, CityPersons (Pedestron JSON) and unlabelled crops. */
final class SceneWriters {

  /** Detection images are this size (CityPersons' 2048×1024 halved). */
  static final int CITY_WIDTH = 1024;
  static final int CITY_HEIGHT = 512;
  /** CityPersons people shorter than this are marked ignore. */
  static final double CITY_MIN_HEIGHT = 20;
  static final String[] CITIES = {"aachen", "bochum", "bremen", "cologne", "darmstadt", "dusseldorf"};
  static final String[] VAL_CITIES = {"frankfurt", "lindau", "munster"};

  private SceneWriters() {}

  static ObjectMapper json() {
    return new ObjectMapper();
  }

  /**
   * COCO keypoints: {@code train2017/}, {@code val2017/} ({@code %012d.jpg}) and
   * {@code annotations/person_keypoints_{train,val}2017.json}; 1–3 people per image, 5/6 train, people
   * drawn 0.55–1.3 × the usual scene scale per image.
   */
  static List<SynthTruth.SceneTruth> writeCoco(SynthConfig cfg, Path root) {
    String stream = "coco";
    List<CameraStyle> cams = ReidWriters.cameras(cfg.seed(), stream, cfg.cameras());
    int n = cfg.poseImages();
    int nTrain = n - Math.max(1, n / 6);
    List<SynthTruth.SceneTruth> truth = IntStream.range(0, n).parallel().mapToObj(i -> {
      SplittableRandom r = Rng.of(cfg.seed(), stream + "-image", i);
      int w = 32 * r.nextInt(10, 21);
      int h = 32 * r.nextInt(8, 16);
      List<Scene.Actor> actors = new ArrayList<>();
      int people = r.nextInt(1, 4);
      for (int k = 0; k < people; k++) {
        actors.add(new Scene.Actor(-1, Look.random(r)));
      }
      // People from about half the picture height to taller than it (cut off), so that both COCO
      // area ranges (medium, large) and truncated people occur.
      double size = Rng.range(r, 0.55, 1.3);
      Scene s = Scene.draw(r, cams.get(r.nextInt(cams.size())), w, h, actors, false, false, 0, size);
      String split = i < nTrain ? "train2017" : "val2017";
      String file = split + "/" + String.format("%012d.jpg", i + 1);
      write(s, root.resolve(file), false);
      List<SynthTruth.PersonTruth> ps = s.people.stream().map(Scene.Placed::truth)
          .filter(p -> p.box()[2] > 0 && p.box()[3] > 0 && !p.ignore()).toList();
      return new SynthTruth.SceneTruth(split, file, w, h, ps);
    }).toList();
    for (String split : List.of("train2017", "val2017")) {
      Map<String, Object> doc = new LinkedHashMap<>();
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("description", "solider-dl4j synthetic people");
      info.put("version", "1.0");
      doc.put("info", info);
      List<Object> images = new ArrayList<>();
      List<Object> anns = new ArrayList<>();
      int annId = 1;
      for (int i = 0; i < truth.size(); i++) {
        SynthTruth.SceneTruth t = truth.get(i);
        if (!t.split().equals(split)) {
          continue;
        }
        Map<String, Object> img = new LinkedHashMap<>();
        img.put("id", i + 1);
        img.put("file_name", t.file().substring(t.file().indexOf('/') + 1));
        img.put("height", t.height());
        img.put("width", t.width());
        images.add(img);
        for (SynthTruth.PersonTruth p : t.people()) {
          Map<String, Object> a = new LinkedHashMap<>();
          a.put("id", annId++);
          a.put("image_id", i + 1);
          a.put("category_id", 1);
          a.put("bbox", p.box());
          a.put("area", (double) p.box()[2] * p.box()[3]);
          a.put("iscrowd", 0);
          int visible = 0;
          for (int k = 0; k < 17; k++) {
            visible += p.keypoints()[3 * k + 2] > 0 ? 1 : 0;
          }
          a.put("num_keypoints", visible);
          a.put("keypoints", p.keypoints());
          anns.add(a);
        }
      }
      doc.put("images", images);
      doc.put("annotations", anns);
      Map<String, Object> cat = new LinkedHashMap<>();
      cat.put("supercategory", "person");
      cat.put("id", 1);
      cat.put("name", "person");
      cat.put("keypoints", CocoKeypoint.NAMES);
      cat.put("skeleton", CocoKeypoint.skeleton());
      doc.put("categories", List.of(cat));
      writeJson(root.resolve("annotations/person_keypoints_" + split + ".json"), doc);
    }
    return truth;
  }

  /**
   * CityPersons as Pedestron reads it: images under
   * {@code leftImg8bit_trainvaltest/leftImg8bit/{train,val}/CITY/CITY_000000_NNNNNN_leftImg8bit.png},
   * COCO-style {@code train.json} and {@code val_gt.json} whose annotations carry {@code bbox}
   * (full body), {@code vis_bbox}, {@code height}, {@code vis_ratio}, {@code ignore} and
   * {@code iscrowd}; poster people and people under 20 px are ignore regions.
   */
  static List<SynthTruth.SceneTruth> writeCityPersons(SynthConfig cfg, Path root) {
    String stream = "citypersons";
    List<CameraStyle> cams = ReidWriters.cameras(cfg.seed(), stream, cfg.cameras());
    int n = cfg.detectionImages();
    int nTrain = n - Math.max(1, n / 5);
    List<SynthTruth.SceneTruth> truth = IntStream.range(0, n).parallel().mapToObj(i -> {
      SplittableRandom r = Rng.of(cfg.seed(), stream + "-image", i);
      List<Scene.Actor> actors = new ArrayList<>();
      // From empty streets to crowds (many people share the width, so they overlap), seen from far
      // (people of 25–120 px, some under the 20 px ignore limit) to near (up to ~400 px).
      int people = r.nextDouble() < 0.05 ? 0 : r.nextInt(1, 15);
      for (int k = 0; k < people; k++) {
        actors.add(new Scene.Actor(-1, Look.random(r)));
      }
      double depth = Rng.range(r, 0.15, 0.8);
      // A third of the scenes gather everyone on a quarter to a half of the width: heavy occlusion.
      double span = r.nextDouble() < 0.35 ? CITY_WIDTH * Rng.range(r, 0.25, 0.5) : CITY_WIDTH;
      double left = Rng.range(r, 0, CITY_WIDTH - span);
      Scene s = Scene.draw(r, cams.get(r.nextInt(cams.size())), CITY_WIDTH, CITY_HEIGHT, actors, true, true,
          CITY_MIN_HEIGHT, depth, left, span);
      boolean train = i < nTrain;
      String city = train ? CITIES[i % CITIES.length] : VAL_CITIES[i % VAL_CITIES.length];
      String file = "leftImg8bit_trainvaltest/leftImg8bit/" + (train ? "train/" : "val/") + city + "/"
          + String.format("%s_000000_%06d_leftImg8bit.png", city, i + 1);
      write(s, root.resolve(file), true);
      List<SynthTruth.PersonTruth> ps = s.people.stream().map(Scene.Placed::truth)
          .filter(p -> p.box()[2] > 0 && p.box()[3] > 0).toList();
      return new SynthTruth.SceneTruth(train ? "train" : "val", file, CITY_WIDTH, CITY_HEIGHT, ps);
    }).toList();
    for (String split : List.of("train", "val")) {
      Map<String, Object> doc = new LinkedHashMap<>();
      List<Object> images = new ArrayList<>();
      List<Object> anns = new ArrayList<>();
      int annId = 1;
      String prefix = "leftImg8bit_trainvaltest/leftImg8bit/" + split + "/";
      for (int i = 0; i < truth.size(); i++) {
        SynthTruth.SceneTruth t = truth.get(i);
        if (!t.split().equals(split)) {
          continue;
        }
        Map<String, Object> img = new LinkedHashMap<>();
        img.put("id", i + 1);
        img.put("file_name", t.file().substring(prefix.length()));
        img.put("im_name", t.file().substring(t.file().lastIndexOf('/') + 1));
        img.put("height", t.height());
        img.put("width", t.width());
        images.add(img);
        for (SynthTruth.PersonTruth p : t.people()) {
          Map<String, Object> a = new LinkedHashMap<>();
          a.put("id", annId++);
          a.put("image_id", i + 1);
          a.put("category_id", 1);
          a.put("iscrowd", p.ignore() ? 1 : 0);
          a.put("ignore", p.ignore() ? 1 : 0);
          a.put("bbox", p.box());
          a.put("vis_bbox", p.visibleBox());
          a.put("height", p.box()[3]);
          a.put("vis_ratio", p.visRatio());
          anns.add(a);
        }
      }
      doc.put("images", images);
      doc.put("annotations", anns);
      Map<String, Object> cat = new LinkedHashMap<>();
      cat.put("id", 1);
      cat.put("name", "pedestrian");
      doc.put("categories", List.of(cat));
      writeJson(root.resolve(split.equals("train") ? "train.json" : "val_gt.json"), doc);
    }
    return truth;
  }

  /** Unlabelled person crops for self-supervised pretraining: {@code NNNNNN.jpg}, 256×128-ish, new people. */
  static List<String> writeUnlabeled(SynthConfig cfg, Path root) {
    String stream = "unlabeled";
    List<CameraStyle> cams = ReidWriters.cameras(cfg.seed(), stream, cfg.cameras());
    return IntStream.range(0, cfg.unlabeledImages()).parallel().mapToObj(i -> {
      SplittableRandom r = Rng.of(cfg.seed(), stream + "-image", i);
      Photo.Crop crop = Photo.crop(Look.random(r), cams.get(r.nextInt(cams.size())), r, 128, 256);
      String name = String.format("%06d.jpg", i + 1);
      try {
        ImageFiles.writeJpeg(crop.image(), root.resolve(name));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return name;
    }).toList();
  }

  static void write(Scene s, Path file, boolean png) {
    try {
      if (png) {
        ImageFiles.writePng(s.image, file);
      } else {
        ImageFiles.writeJpeg(s.image, file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void writeJson(Path file, Object doc) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      json().writeValue(file.toFile(), doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
