package io.solider.examples;

import io.solider.nn.extract.InferenceEngine;
import io.solider.nn.image.ImageSize;
import io.solider.tasks.pose.PosePredict;
import io.solider.tasks.pose.data.CocoJoints;
import io.solider.tasks.pose.head.PoseModel;
import java.nio.file.Path;
import java.util.List;

/**
 * Human pose estimation through the Java API: loads a pose model (pose-train's {@code model.pth} or
 * the release's fine-tuned checkpoint), predicts the 17 COCO keypoints of the person in each image
 * of a folder (the whole image as the person's box, λ 0.8, flip test) and prints where each image's
 * nose, wrists and ankles are.
 *
 * <pre>
 *   ./solider synth --output data
 *   ./solider pose-train --data data/coco --output runs/pose --arch custom --embed-dim 32 \
 *       --depths 2,2,2,2 --heads 1,2,4,8 --window 7 --size 64x48 --batch-size 16 --epochs 6 --lr-steps 5 \
 *       --warmup-iterations 50 --lr 1e-3
 *   java -cp "examples/target/examples-0.1.0-SNAPSHOT.jar:examples/target/lib/*" \
 *       io.solider.examples.PoseExample runs/pose/model.pth PERSON_CROPS_DIR 64x48
 * </pre>
 */
public final class PoseExample {

  private PoseExample() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: PoseExample MODEL IMAGES_DIR [HxW]");
      System.exit(2);
    }
    PoseModel model = PoseModel.load(Path.of(args[0]));
    ImageSize size = args.length > 2 ? ImageSize.parse(args[2]) : new ImageSize(384, 288);
    PosePredict.Config config = new PosePredict.Config(size, 0.8, true, 16, true, InferenceEngine.SAMEDIFF);
    Path out = Path.of("runs", "pose-example");
    List<PosePredict.Prediction> result = PosePredict.run(model, Path.of(args[1]), config, out);
    int[] shown = {0, 9, 10, 15, 16};
    for (PosePredict.Prediction p : result.subList(0, Math.min(10, result.size()))) {
      StringBuilder line = new StringBuilder(p.file().getFileName().toString())
          .append(String.format(" (score %.2f):", p.score()));
      for (int j : shown) {
        float[] k = p.keypoints();
        line.append(String.format(" %s (%.0f, %.0f)", CocoJoints.NAMES.get(j), k[3 * j], k[3 * j + 1]));
      }
      System.out.println(line);
    }
    System.out.println("results.json, images.json and overlays/ in " + out);
  }
}
