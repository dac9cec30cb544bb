package io.solider.cli;

import io.solider.cli.options.OutputPaths;
import io.solider.tasks.search.data.CuhkSysu;
import io.solider.tasks.search.data.Prw;
import io.solider.tasks.search.data.SearchDataset;
import io.solider.tasks.search.data.SearchExchange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code solider search-protocol}: a data set's test protocol as the gallery.json and queries.json of search-eval. */
@Command(
    name = "search-protocol",
    mixinStandardHelpOptions = true,
    description = {
      "Reads CUHK-SYSU or PRW (real or from ./solider synth) and writes its test protocol in search-eval's "
          + "exchange format: gallery.json (every gallery scene, its ground-truth boxes as the release holds them, "
          + "pids; unlabelled 5555) and queries.json (CUHK-SYSU: the TestG<N> gallery lists; PRW: evaluate with "
          + "--protocol prw)."
    })
final class SearchProtocolCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(SearchProtocolCommand.class);

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "Data set root (CUHK-SYSU: Image/ and annotation/; PRW: frames/, annotations/, query_info.txt).")
  Path data;

  @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "auto",
      description = "cuhk_sysu, prw or auto (from the folder layout). Default: ${DEFAULT-VALUE}.")
  String dataset;

  @Option(names = "--gallery-size", paramLabel = "N", defaultValue = "100",
      description = "CUHK-SYSU protocol TestG<N> (50, 100, 500, 1000, 2000, 4000). Default: ${DEFAULT-VALUE}.")
  int gallerySize;

  @Option(names = "--output", required = true, converter = OutputPaths.Folder.class, paramLabel = "DIR", description = "Folder for gallery.json and queries.json.")
  Path output;

  @Override
  public Integer call() throws Exception {
    String kind = dataset.equals("auto") ? detect(data) : dataset;
    SearchDataset ds = switch (kind) {
      case "cuhk_sysu", "cuhk" -> CuhkSysu.read(data, requireProtocol(data, gallerySize));
      case "prw" -> Prw.read(data);
      default -> throw new IllegalArgumentException("--dataset must be cuhk_sysu, prw or auto, got " + dataset);
    };
    SearchExchange.write(ds, output);
    log.info("{}: {} gallery scenes, {} queries; wrote {} and {}", ds.name(), ds.gallery().size(), ds.queries().size(),
        output.resolve("gallery.json"), output.resolve("queries.json"));
    return 0;
  }

  /** The gallery size, if its TestG file exists; otherwise a one-line error naming the ones there are. */
  private static int requireProtocol(Path root, int size) throws java.io.IOException {
    Path dir = root.resolve("annotation/test/train_test");
    if (Files.isRegularFile(dir.resolve("TestG" + size + ".mat"))) {
      return size;
    }
    java.util.List<String> found = new java.util.ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (var s = Files.list(dir)) {
        s.map(p -> p.getFileName().toString()).filter(n -> n.matches("TestG\\d+\\.mat")).sorted().forEach(found::add);
      }
    }
    throw new IllegalArgumentException("no TestG" + size + ".mat in " + dir + (found.isEmpty() ? "" : " (there is "
        + String.join(", ", found) + "; pick it with --gallery-size)"));
  }

  private static String detect(Path root) {
    if (Files.isDirectory(root.resolve("annotation")) && Files.isDirectory(root.resolve("Image"))) {
      return "cuhk_sysu";
    }
    if (Files.isRegularFile(root.resolve("query_info.txt")) || Files.isDirectory(root.resolve("frames"))) {
      return "prw";
    }
    throw new IllegalArgumentException(root + " is neither a CUHK-SYSU folder (Image/, annotation/) nor a PRW folder "
        + "(frames/, query_info.txt); give --dataset");
  }
}
