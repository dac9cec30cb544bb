package io.solider.examples;

import io.solider.nn.image.ImageSize;
import io.solider.tasks.detection.CspDetector;
import io.solider.tasks.detection.DetectionPredict;
import io.solider.tasks.detection.head.CspModel;
import io.solider.tasks.detection.head.DetectedBox;
import java.nio.file.Path;
import java.util.List;

/**
 * Pedestrian detection through the Java API: loads a CSP model ({@code model.pth.stu} of
 * {@code det-train} or the release's {@code epoch_N.pth.stu}), detects pedestrians in a folder of
 * street images with the release's test settings (λ 1.0, full image, score > 0.01, NMS 0.5, 100
 * boxes) and prints each image's most confident boxes; detections.json and overlays go to
 * {@code runs/det-example}.
 *
 * <pre>
 *   ./solider synth --output data
 *   ./solider det-train --data data/citypersons --output runs/det --arch custom --embed-dim 32 \
 *       --depths 2,2,2,2 --heads 1,2,4,8 --window 7 --size 256x512 --test-size 512x1024 \
 *       --neck-channels 32 --head-channels 32 --batch-size 2 --epochs 4 --lr-steps 3
 *   java -cp "examples/target/examples-0.1.0-SNAPSHOT.jar:examples/target/lib/*" \
 *       io.solider.examples.DetExample runs/det/model.pth.stu \
 *       data/citypersons/leftImg8bit_trainvaltest/leftImg8bit/val 512x1024
 * </pre>
 */
public final class DetExample {

  private DetExample() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: DetExample CHECKPOINT IMAGES_DIR [HxW test scale]");
      System.exit(2);
    }
    CspModel model = CspModel.fromCheckpoint(Path.of(args[0]));
    DetectionPredict.Config config = DetectionPredict.Config.release();
    if (args.length > 2) {
      ImageSize scale = ImageSize.parse(args[2]);
      CspDetector.Config detector = config.detector().withScale(scale.height(), scale.width());
      config = new DetectionPredict.Config(config.semanticWeight(), detector, config.overlays(), config.overlay());
    }
    Path out = Path.of("runs", "det-example");
    List<DetectionPredict.Result> results = DetectionPredict.run(model, Path.of(args[1]), config, out);
    for (DetectionPredict.Result r : results.subList(0, Math.min(10, results.size()))) {
      StringBuilder line = new StringBuilder(r.file().getFileName().toString()).append(':');
      for (DetectedBox b : r.boxes().subList(0, Math.min(3, r.boxes().size()))) {
        line.append(String.format(" [%.0f, %.0f, %.0f, %.0f] %.2f", b.x1(), b.y1(), b.x2(), b.y2(), b.score()));
      }
      System.out.println(line);
    }
    System.out.println("detections.json, images.json and overlays/ in " + out);
  }
}
