package io.solider.cli;

import io.solider.tasks.search.data.SearchDataset;
import io.solider.tasks.search.data.SearchDatasets;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The person-search data folder and its test protocol, shared by {@code search-train} and {@code search-test}. */
final class SearchDataOptions {

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "CUHK-SYSU (Image/, annotation/) or PRW (frames/, annotations/, query_info.txt) folder.")
  Path data;

  @Option(names = "--dataset", defaultValue = "auto", paramLabel = "NAME",
      description = "cuhk_sysu, prw or auto (from the folder layout). Default: ${DEFAULT-VALUE}.")
  String dataset;

  @Option(names = "--gallery-size", defaultValue = "100", paramLabel = "N",
      description = "CUHK-SYSU test protocol TestG<N> (the release evaluates TestG100). Default: ${DEFAULT-VALUE}.")
  int gallerySize;

  /** The data set of the folder. */
  SearchDataset read() throws IOException {
    return SearchDatasets.read(data, dataset, gallerySize);
  }
}
