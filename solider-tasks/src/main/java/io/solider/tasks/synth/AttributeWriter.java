package io.solider.tasks.synth;

import io.solider.tasks.attribute.data.Pa100kAttributes;
import io.solider.tasks.common.MatFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import us.hebi.matlab.mat.types.Array;

/**
 * Writes PA-100K: {@code data/NNNNNN.jpg}, {@code annotation.mat} with the real variables and 26
 * attribute names, and the same labels as {@code train.csv}, {@code val.csv}, {@code test.csv}.
 * Every image is a new person; 80 % train, 10 % val, 10 % test, as in PA-100K.
 */
final class AttributeWriter {

  private static final String STREAM = "pa100k";

  private AttributeWriter() {}

  static List<SynthTruth.AttributeTruth> write(SynthConfig cfg, Path root) {
    int n = cfg.attributeImages();
    List<CameraStyle> cams = ReidWriters.cameras(cfg.seed(), STREAM, cfg.cameras());
    int nTrain = (int) Math.round(n * 0.8);
    int nVal = (int) Math.round(n * 0.1);
    List<SynthTruth.AttributeTruth> truth = IntStream.range(0, n).parallel().mapToObj(i -> {
      SplittableRandom r = Rng.of(cfg.seed(), STREAM + "-image", i);
      Look look = Look.random(r);
      CameraStyle cam = cams.get(r.nextInt(cams.size()));
      int w = r.nextInt(56, 97);
      int h = (int) Math.round(w * Rng.range(r, 2.0, 2.8));
      Photo.Crop crop = Photo.crop(look, cam, r, w, h);
      String name = String.format("%06d.jpg", i + 1);
      try {
        ImageFiles.writeJpeg(crop.image(), root.resolve("data").resolve(name));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String split = i < nTrain ? "train" : i < nTrain + nVal ? "val" : "test";
      return new SynthTruth.AttributeTruth(split, name, labels(look, crop.view()));
    }).toList();
    Map<String, Array> mat = new LinkedHashMap<>();
    mat.put("attributes", MatFiles.column(Pa100kAttributes.NAMES));
    for (String split : List.of("train", "val", "test")) {
      List<SynthTruth.AttributeTruth> s = truth.stream().filter(t -> t.split().equals(split)).toList();
      mat.put(split + "_images_name", MatFiles.column(s.stream().map(SynthTruth.AttributeTruth::name).toList()));
      double[][] rows = s.stream().map(t -> IntStream.of(t.labels()).asDoubleStream().toArray()).toArray(double[][]::new);
      mat.put(split + "_label", MatFiles.matrix(rows, Pa100kAttributes.NAMES.size()));
      StringBuilder csv = new StringBuilder("image," + String.join(",", Pa100kAttributes.NAMES) + "\n");
      for (SynthTruth.AttributeTruth t : s) {
        csv.append(t.name());
        for (int v : t.labels()) {
          csv.append(',').append(v);
        }
        csv.append('\n');
      }
      ReidWriters.write(root.resolve(split + ".csv"), csv.toString());
    }
    try {
      MatFiles.write(root.resolve("annotation.mat"), mat);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return truth;
  }

  /** The 26 PA-100K labels of a look seen from {@code view}. */
  static int[] labels(Look look, View view) {
    List<Boolean> l = new ArrayList<>();
    l.add(look.female());
    l.add(look.age() == 2);
    l.add(look.age() == 1);
    l.add(look.age() == 0);
    l.add(view == View.FRONT);
    l.add(view.isSide());
    l.add(view == View.BACK);
    l.add(look.hat());
    l.add(look.glasses());
    l.add(look.bag() == Look.Bag.HANDBAG);
    l.add(look.bag() == Look.Bag.SHOULDER);
    l.add(look.bag() == Look.Bag.BACKPACK);
    l.add(look.holdsObject());
    l.add(!look.longSleeve());
    l.add(look.longSleeve());
    l.add(look.upperPattern() == Look.Pattern.STRIPES);
    l.add(look.upperPattern() == Look.Pattern.LOGO);
    l.add(look.upperPattern() == Look.Pattern.PLAID);
    l.add(look.upperPattern() == Look.Pattern.SPLICE);
    l.add(look.lowerPattern() && look.lowerKind() != Look.LowerKind.SKIRT);
    l.add(look.lowerPattern() && look.lowerKind() == Look.LowerKind.SKIRT);
    l.add(look.longCoat());
    l.add(look.lowerKind() == Look.LowerKind.TROUSERS);
    l.add(look.lowerKind() == Look.LowerKind.SHORTS);
    l.add(look.lowerKind() == Look.LowerKind.SKIRT);
    l.add(look.boots());
    return l.stream().mapToInt(b -> b ? 1 : 0).toArray();
  }
}
