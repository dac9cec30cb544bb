package io.solider.examples;

import io.solider.nn.image.ImageSize;
import io.solider.tasks.attribute.AttributePredict;
import io.solider.tasks.attribute.train.AttributeModel;
import io.solider.tasks.attribute.train.AttributeNames;
import java.nio.file.Path;
import java.util.List;

/**
 * Pedestrian attributes through the Java API: loads an attribute model (attr-train's or the
 * release's), predicts a folder of person crops with the release's test settings (256×128, λ 0.8)
 * and prints each crop's attributes above 0.5, most probable first.
 *
 * <pre>
 *   ./solider synth --output data
 *   ./solider attr-train --data data/pa100k --output runs/attr --arch custom --embed-dim 32 --depths 1,1,2,1 \
 *       --heads 1,2,4,8 --window 4 --epochs 2 --lr 1e-4 --head-lr 1e-3 --batch-size 32
 *   java -cp "examples/target/examples-0.1.0-SNAPSHOT.jar:examples/target/lib/*" \
 *       io.solider.examples.AttrExample runs/attr/model_best.pth data/pa100k/data
 * </pre>
 */
public final class AttrExample {

  private AttrExample() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: AttrExample CHECKPOINT CROPS_DIR [HxW]");
      System.exit(2);
    }
    Path checkpoint = Path.of(args[0]);
    AttributeModel model = AttributeModel.load(checkpoint);
    List<String> names = AttributeNames.of(checkpoint, model.head().attributes());
    AttributePredict.Config config = AttributePredict.Config.release();
    if (args.length > 2) {
      config = config.withSize(ImageSize.parse(args[2]));
    }
    Path out = Path.of("runs", "attr-example");
    List<AttributePredict.Prediction> result = AttributePredict.run(model, names, Path.of(args[1]), config, out);
    for (AttributePredict.Prediction p : result.subList(0, Math.min(10, result.size()))) {
      StringBuilder line = new StringBuilder(p.file().getFileName().toString()).append(':');
      for (int j = 0; j < names.size(); j++) {
        if (p.probabilities()[j] > config.threshold()) {
          line.append(String.format(" %s (%.2f)", names.get(j), p.probabilities()[j]));
        }
      }
      System.out.println(line);
    }
    System.out.println("predictions.csv, probs.npy and predictions.png in " + out);
  }
}
