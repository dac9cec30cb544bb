package io.solider.examples;

import io.solider.nn.backbone.Backbone;
import io.solider.tasks.reid.ReidPredict;
import java.nio.file.Path;
import java.util.List;

/**
 * Person re-identification through the Java API: loads a re-id model (or any SOLIDER checkpoint),
 * embeds a folder of person crops with the release's test settings (384×128, λ 0.2) and prints
 * each crop's most similar other crops.
 *
 * <pre>
 *   ./solider synth --output data
 *   ./solider reid-train --data data/market1501 --output runs/reid --arch custom --embed-dim 32 \
 *       --depths 2,2,2,2 --heads 1,2,4,8 --window 4 --size 64x32 --epochs 4 --warmup-epochs 1
 *   java -cp "examples/target/examples-0.1.0-SNAPSHOT.jar:examples/target/lib/*" \
 *       io.solider.examples.ReidExample runs/reid/model.pth data/market1501/query 64x32
 * </pre>
 */
public final class ReidExample {

  private ReidExample() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ReidExample CHECKPOINT CROPS_DIR [HxW]");
      System.exit(2);
    }
    Backbone backbone = Backbone.fromCheckpoint(Path.of(args[0]));
    ReidPredict.Config config = ReidPredict.Config.release();
    if (args.length > 2) {
      config = new ReidPredict.Config(io.solider.nn.image.ImageSize.parse(args[2]), config.normalization(),
          config.semanticWeight(), 3, config.pictureRows(), config.batchSize(), config.engine());
    }
    Path out = Path.of("runs", "reid-example");
    List<ReidPredict.Neighbours> result = ReidPredict.run(backbone, Path.of(args[1]), config, out);
    for (ReidPredict.Neighbours n : result.subList(0, Math.min(10, result.size()))) {
      StringBuilder line = new StringBuilder(n.file().getFileName().toString()).append(" →");
      for (int k = 0; k < n.files().size(); k++) {
        line.append(String.format(" %s (%.3f)", n.files().get(k).getFileName(), n.similarities()[k]));
      }
      System.out.println(line);
    }
    System.out.println("embeddings, neighbours.csv and neighbours.png in " + out);
  }
}
