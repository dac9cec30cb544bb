package io.solider.tasks.synth;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Writes LIP in the layout of its loaders (CE2P / SOLIDER's parsing code): {@code
 * {train,val}_images/ID.jpg}, {@code {train,val}_segmentations/ID.png} (8-bit class ids 0–19, 255
 * for pixels outside the original frame) and {@code {train,val}_id.txt}. Bags have no LIP class
 * and are background (0), as in LIP's annotations.
 */
final class ParsingWriter {

  private static final String STREAM = "lip";

  private ParsingWriter() {}

  static List<SynthTruth.ParsingTruth> write(SynthConfig cfg, Path root) {
    int n = cfg.parsingImages();
    int nTrain = n - Math.max(1, n / 6);
    List<CameraStyle> cams = ReidWriters.cameras(cfg.seed(), STREAM, cfg.cameras());
    List<SynthTruth.ParsingTruth> truth = IntStream.range(0, n).parallel().mapToObj(i -> {
      SplittableRandom r = Rng.of(cfg.seed(), STREAM + "-image", i);
      int w = r.nextInt(80, 161);
      int h = (int) Math.round(w * Rng.range(r, 1.6, 2.4));
      Photo.Crop crop = Photo.crop(Look.random(r), cams.get(r.nextInt(cams.size())), r, w, h);
      int[] t = crop.canvas().truthPixels();
      byte[] labels = new byte[w * h];
      for (int k = 0; k < labels.length; k++) {
        labels[k] = (byte) ((t[k] >> 16) & 0xff);
      }
      BufferedImage img = crop.image();
      if (r.nextDouble() < 0.3) {
        // The person's box reached past the original frame: padded pixels are ignored.
        int band = (int) Math.round(h * Rng.range(r, 0.03, 0.1));
        boolean top = r.nextBoolean();
        for (int y = 0; y < band; y++) {
          int yy = top ? y : h - 1 - y;
          for (int x = 0; x < w; x++) {
            labels[yy * w + x] = (byte) LipPart.IGNORE;
            img.setRGB(x, yy, 0x808080);
          }
        }
      }
      long[] counts = new long[21];
      for (byte b : labels) {
        int v = b & 0xff;
        counts[v == LipPart.IGNORE ? 20 : v]++;
      }
      String split = i < nTrain ? "train" : "val";
      String id = String.format("%06d_%06d", 100000 + i, r.nextInt(1_000_000));
      try {
        ImageFiles.writeJpeg(img, root.resolve(split + "_images").resolve(id + ".jpg"));
        ImageFiles.writePng(ImageFiles.labelImage(labels, w, h), root.resolve(split + "_segmentations").resolve(id + ".png"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(labels);
      return new SynthTruth.ParsingTruth(split, id, w, h, counts, crc.getValue());
    }).toList();
    for (String split : List.of("train", "val")) {
      ReidWriters.write(root.resolve(split + "_id.txt"), truth.stream().filter(p -> p.split().equals(split))
          .map(p -> p.id() + "\n").collect(Collectors.joining()));
    }
    return truth;
  }
}
