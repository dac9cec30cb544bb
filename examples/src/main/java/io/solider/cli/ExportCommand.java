package io.solider.cli;

import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.OutputPaths;
import io.solider.nn.image.ImageSize;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.BackboneGraph;
import io.solider.nn.backbone.BackboneMode;
import io.solider.nn.backbone.SwinBackbone;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code solider export}: a checkpoint as a SameDiff file that any SameDiff program can run. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Builds the backbone of a checkpoint for one input size and saves it as a SameDiff file. "
          + "Feed placeholders '" + SwinBackbone.INPUT + "' (B,3,H,W) and '" + SwinBackbone.SEMANTIC_WEIGHT
          + "' (B,2) rows [λ,1-λ]; outputs '" + SwinBackbone.POOLED + "' and 'stage0'..'stage3'."
    })
final class ExportCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ExportCommand.class);

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "SOLIDER checkpoint.")
  Path checkpoint;

  @Option(names = "--size", paramLabel = "HxW", defaultValue = "256x128", converter = ImageSizeOption.Converter.class,
      description = "Input size the graph is built for. Default: ${DEFAULT-VALUE}.")
  ImageSize size;

  @Option(names = "--output", required = true, converter = OutputPaths.File.class, paramLabel = "FILE", description = "SameDiff file to write.")
  Path output;

  @Override
  public Integer call() throws Exception {
    BackboneGraph graph = Backbone.fromCheckpoint(checkpoint).graph(size.height(), size.width(), BackboneMode.INFERENCE);
    graph.save(output);
    log.info("wrote SameDiff graph for {}x{} input to {}", size.height(), size.width(), output);
    return 0;
  }
}
