package io.solider.examples;

import io.solider.nn.extract.InferenceEngine;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.image.ImageSize;
import io.solider.nn.image.Images;
import io.solider.tasks.parsing.data.Lip;
import io.solider.tasks.parsing.data.ParsingOverlay;
import io.solider.tasks.parsing.data.PartMask;
import io.solider.tasks.parsing.head.ParsingModel;
import io.solider.tasks.parsing.head.ParsingPredictor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Human parsing through the Java API: loads a parsing model (parsing-train's model.pth or
 * schp_model.pth, or the release's checkpoint), parses a few images with the release's test
 * protocol (scales 0.5–1.5 and flip, λ 0) and prints the parts found in each, with overlays.
 *
 * <pre>
 *   ./solider synth --output data
 *   ./solider parsing-train --data data/lip --output runs/parsing --arch custom --embed-dim 32 \
 *       --depths 2,2,2,2 --heads 1,2,4,8 --size 96x64 --epochs 5 --warmup-epochs 1 --schp-start 4 \
 *       --cycle-epochs 1 --lr 0.01 --test-scales 1
 *   java -cp "examples/target/examples-0.1.0-SNAPSHOT.jar:examples/target/lib/*" \
 *       io.solider.examples.ParsingExample runs/parsing/schp_model.pth data/lip/val_images 96x64
 * </pre>
 */
public final class ParsingExample {

  private ParsingExample() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ParsingExample MODEL IMAGES_DIR [HxW]");
      System.exit(2);
    }
    ParsingModel model = ParsingModel.read(Path.of(args[0]));
    ImageSize crop = args.length > 2 ? ImageSize.parse(args[2]) : new ImageSize(572, 384);
    List<Path> files = Images.listImages(Path.of(args[1]));
    files = files.subList(0, Math.min(5, files.size()));
    List<BufferedImage> images = new ArrayList<>();
    for (Path f : files) {
      images.add(Images.decode(f));
    }
    Path out = Files.createDirectories(Path.of("runs", "parsing-example"));
    try (ParsingPredictor predictor = new ParsingPredictor(model, crop.height(), crop.width(),
        ImageNormalization.imagenet(), ParsingPredictor.Options.release().withIntegerCentre(false),
        InferenceEngine.SAMEDIFF)) {
      List<PartMask> parsed = predictor.predict(images, 0.0);
      for (int i = 0; i < files.size(); i++) {
        int[] counts = new int[Lip.CLASSES];
        for (int label : parsed.get(i).labels()) {
          counts[label]++;
        }
        StringBuilder line = new StringBuilder(files.get(i).getFileName().toString()).append(':');
        for (int c = 1; c < Lip.CLASSES; c++) {
          if (counts[c] > 0) {
            line.append(String.format(" %s %.1f%%", Lip.CLASS_NAMES.get(c),
                100.0 * counts[c] / parsed.get(i).labels().length));
          }
        }
        System.out.println(line);
        ParsingOverlay.writePng(ParsingOverlay.draw(images.get(i), parsed.get(i), 0.6),
            out.resolve(files.get(i).getFileName() + ".png"));
      }
    }
    System.out.println("overlays in " + out);
  }
}
