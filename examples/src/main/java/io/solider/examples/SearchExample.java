package io.solider.examples;

import io.solider.nn.image.Images;
import io.solider.tasks.search.SearchTest;
import io.solider.tasks.search.head.SearchDetector;
import io.solider.tasks.search.head.SearchModel;
import io.solider.tasks.search.head.SearchNetwork;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * Person search through the Java API: loads a person-search model, embeds a query crop and prints,
 * for each scene of a folder, the detected people and their similarity to the query, best first.
 *
 * <pre>
 *   ./solider synth --output data
 *   ./solider search-train --data data/prw --output runs/search --preset cpu --arch custom --embed-dim 32 \
 *       --depths 2,2,2,2 --heads 1,2,4,8 --gallery-size 50
 *   java -cp "examples/target/examples-0.1.0-SNAPSHOT.jar:examples/target/lib/*" \
 *       io.solider.examples.SearchExample runs/search/model.pth data/prw/query_box/&lt;crop&gt;.jpg data/prw/frames
 * </pre>
 */
public final class SearchExample {

  private SearchExample() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: SearchExample MODEL QUERY_CROP SCENES_DIR");
      System.exit(2);
    }
    SearchModel model = SearchModel.fromCheckpoint(Path.of(args[0]));
    SearchTest.Config cpu = new SearchTest.Config(300, 500, SearchTest.Config.release().proposals(),
        SearchTest.Config.release().detections(), List.of(0.6), 0, 5);
    SearchDetector detector = new SearchDetector(new SearchNetwork(model), io.solider.tasks.search.data.RcnnTransform
        .seqNet().withSizes(cpu.minSize(), cpu.maxSize()), cpu.proposals(), cpu.detections(), 0.6);
    BufferedImage crop = Images.decode(Path.of(args[1]));
    float[] query;
    try (SearchDetector.Features f = detector.features(crop)) {
      query = detector.embed(f, new float[] {0, 0, crop.getWidth(), crop.getHeight()});
    }
    List<Path> scenes = Images.listImages(Path.of(args[2]));
    for (Path scene : scenes.subList(0, Math.min(10, scenes.size()))) {
      try (SearchDetector.Features f = detector.features(Images.decode(scene))) {
        SearchDetector.Detections d = detector.detect(f);
        StringBuilder line = new StringBuilder(scene.getFileName().toString()).append(':');
        for (int i = 0; i < d.count(); i++) {
          double s = 0;
          for (int c = 0; c < query.length; c++) {
            s += query[c] * d.embeddings()[i * query.length + c];
          }
          line.append(String.format(" [%.0f,%.0f,%.0f,%.0f] score %.2f similarity %.3f;", d.boxes()[4 * i],
              d.boxes()[4 * i + 1], d.boxes()[4 * i + 2], d.boxes()[4 * i + 3], d.scores()[i], s));
        }
        System.out.println(line);
      }
    }
  }
}
