package io.solider.cli;

import io.solider.cli.options.ArchitectureOptions;
import io.solider.cli.options.SemanticWeightsOption;
import io.solider.tasks.search.SearchTest;
import io.solider.tasks.search.head.SearchModel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code solider search-test}: person-search mAP, top-k and detection AP of a model over semantic weights. */
@Command(
    name = "search-test",
    mixinStandardHelpOptions = true,
    description = {
      "Tests a person-search model (model.pth, checkpoint.pth or the release's epoch_N.pth) on the test split of a "
          + "CUHK-SYSU (gallery protocol TestG<N>) or PRW folder at each semantic weight: detections and embeddings "
          + "written as search-eval's exchange files (lambda_<λ>/) and evaluated as the release does; writes "
          + "metrics.json (best λ on top, every λ listed), lambda.png and matches.png (queries and their best "
          + "matches, green = the query person)."
    })
final class SearchTestCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(SearchTestCommand.class);

  @Spec CommandSpec spec;

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
      description = "Person-search model: model.pth or checkpoint.pth of search-train, or the release's epoch_N.pth.")
  Path checkpoint;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Output folder: metrics.json, lambda.png, matches.png, lambda_<λ>/.")
  Path output;

  @Option(names = "--picture-queries", defaultValue = "8", paramLabel = "N",
      description = "Queries drawn in matches.png (0: none). Default: ${DEFAULT-VALUE}.")
  int pictureQueries;

  @Option(names = "--top-k", defaultValue = "5", paramLabel = "K",
      description = "Matches drawn per query. Default: ${DEFAULT-VALUE}.")
  int topK;

  @Mixin SearchDataOptions data;

  @Mixin ArchitectureOptions architecture;

  @Mixin SearchInputOptions input;

  @Mixin SemanticWeightsOption semanticWeights = new SemanticWeightsOption(0.6);

  @Override
  public Integer call() throws Exception {
    SearchTest.Config config = input.test(semanticWeights.values(), pictureQueries, topK, spec);
    if (!Files.isRegularFile(checkpoint)) {
      throw new NoSuchFileException(checkpoint.toString(), null, "checkpoint does not exist");
    }
    var ds = data.read();
    SearchModel model = SearchModel.fromCheckpoint(checkpoint);
    architecture.requireMatches(model.arch(), checkpoint);
    SearchTest.run(model, checkpoint, ds, data.data, config, output);
    log.info("wrote {}", output);
    return 0;
  }
}
