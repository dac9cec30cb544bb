package io.solider.cli;

import io.solider.cli.options.OutputPaths;
import io.solider.tasks.search.data.SearchDataset;
import io.solider.tasks.search.data.SearchDatasets;
import io.solider.tasks.search.data.SearchExchange;
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
    SearchDataset ds = SearchDatasets.read(data, dataset, gallerySize);
    SearchExchange.write(ds, output);
    log.info("{}: {} gallery scenes, {} queries; wrote {} and {}", ds.name(), ds.gallery().size(), ds.queries().size(),
        output.resolve("gallery.json"), output.resolve("queries.json"));
    return 0;
  }
}
