package io.solider.spark.cli;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code solider spark init-checkpoint}: a randomly initialised backbone as a checkpoint, so that
 * a cluster can be tried out and the jobs timed without a trained model.
 */
@Command(
    name = "init-checkpoint",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a randomly initialised Swin backbone (.pth, the layout solider extract reads) for trying a cluster "
          + "out and for benchmarks: --arch tiny|small|base, or custom with --embed-dim, --depths and --heads."
    })
final class SparkInitCheckpointCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(SparkInitCheckpointCommand.class);

  @Option(names = "--output", required = true, paramLabel = "FILE", description = "The checkpoint to write.")
  Path output;

  @Option(names = "--arch", defaultValue = "tiny", paramLabel = "NAME",
      description = "tiny, small, base or custom. Default: ${DEFAULT-VALUE}.")
  String arch;

  @Option(names = "--embed-dim", defaultValue = "32", paramLabel = "C",
      description = "Custom: channels of stage 1. Default: ${DEFAULT-VALUE}.")
  int embedDim;

  @Option(names = "--depths", defaultValue = "2,2,2,2", split = ",", paramLabel = "D",
      description = "Custom: blocks per stage (4). Default: ${DEFAULT-VALUE}.")
  List<Integer> depths;

  @Option(names = "--heads", defaultValue = "1,2,4,8", split = ",", paramLabel = "H",
      description = "Custom: attention heads per stage (4). Default: ${DEFAULT-VALUE}.")
  List<Integer> heads;

  @Option(names = "--seed", defaultValue = "0", description = "Initialisation seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() throws Exception {
    SwinConfig config = "custom".equals(arch) ? SwinConfig.of(embedDim, depths, heads) : SwinConfig.named(arch);
    TorchCheckpointWriter.write(Backbone.initialized(config, seed).parameters(), output);
    log.info("wrote a random {} backbone to {}", Backbone.describe(config), output);
    return 0;
  }
}
