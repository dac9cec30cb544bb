package io.solider.cli;

import io.solider.cli.options.ArchitectureOptions;
import io.solider.cli.options.SemanticWeightOption;
import io.solider.tasks.search.SearchPredict;
import io.solider.tasks.search.head.SearchModel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code solider search-predict}: find a query person in a folder of scenes. */
@Command(
    name = "search-predict",
    mixinStandardHelpOptions = true,
    description = {
      "Finds the person of a query crop in every scene of a folder, as the release's demo.py: the crop embedded as "
          + "a scene with its whole extent as the box, each scene's detections with score-weighted embeddings, "
          + "similarity = dot product. Writes results.json (per scene its boxes, scores and similarities; every "
          + "detection ranked), overlays/<scene>.png and matches.png."
    })
final class SearchPredictCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
      description = "Person-search model: model.pth or checkpoint.pth of search-train, or the release's epoch_N.pth.")
  Path checkpoint;

  @Option(names = "--query", required = true, paramLabel = "FILE", description = "Image of the query person (a crop).")
  Path query;

  @Option(names = "--input", required = true, paramLabel = "DIR",
      description = "Folder of scene images (searched recursively; jpg, png, bmp, gif), or one image.")
  Path input;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
  Path output;

  @Option(names = "--top-k", defaultValue = "5", paramLabel = "K",
      description = "Best matches drawn in matches.png. Default: ${DEFAULT-VALUE}.")
  int topK;

  @Mixin ArchitectureOptions architecture;

  @Mixin SearchInputOptions inputOptions;

  @Mixin SemanticWeightOption semanticWeight = new SemanticWeightOption(0.6);

  @Override
  public Integer call() throws Exception {
    SearchPredict.Config config = new SearchPredict.Config(
        inputOptions.test(List.of(semanticWeight.value()), 0, topK, spec), topK);
    for (Path p : List.of(checkpoint, query)) {
      if (!Files.isRegularFile(p)) {
        throw new NoSuchFileException(p.toString(), null, "file does not exist");
      }
    }
    if (!Files.exists(input)) {
      throw new NoSuchFileException(input.toString(), null, "scene folder does not exist");
    }
    SearchModel model = SearchModel.fromCheckpoint(checkpoint);
    architecture.requireMatches(model.arch(), checkpoint);
    SearchPredict.run(model, query, input, config, output);
    return 0;
  }
}
