package io.solider.cli.options;

import io.solider.nn.train.TrainingOptions;
import io.solider.ui.TrainingUi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** How a training command is driven: run folder, resume, limits, checkpoints, loader threads, UI. */
public final class TrainingRunOptions {

  @Option(names = "--output", required = true, converter = OutputPaths.Folder.class, paramLabel = "DIR",
      description = "Run folder: checkpoint.pth, the task's model file, log.jsonl, metrics, run.json.")
  Path output;

  @Option(names = "--resume", description = "Continue from OUTPUT/checkpoint.pth (its configuration wins).")
  boolean resume;

  @Option(names = "--max-iterations", defaultValue = "0", paramLabel = "N",
      description = "Stop (with a checkpoint) after this many steps in total (0: run all epochs). Default: ${DEFAULT-VALUE}.")
  long maxIterations;

  @Option(names = "--checkpoint-every", defaultValue = "0", paramLabel = "N",
      description = "Also checkpoint every N steps (0: at the end of each epoch only; a file named SAVE in the "
          + "output folder asks for one at the next step). Default: ${DEFAULT-VALUE}.")
  int checkpointEvery;

  @Option(names = "--workers", defaultValue = "2", paramLabel = "N",
      description = "Image loading threads. Default: ${DEFAULT-VALUE}.")
  int workers;

  @Option(names = "--ui", description = "Serve the DL4J training UI while training.")
  boolean ui;

  @Option(names = "--ui-port", defaultValue = "9000", paramLabel = "PORT",
      description = "Port of the training UI. Default: ${DEFAULT-VALUE}.")
  int uiPort;

  public Path output() {
    return output;
  }

  public int workers() {
    return workers;
  }

  /** The options of the shared training loop; {@code commandLine} goes into the run's provenance. */
  public TrainingOptions options(List<String> commandLine) {
    return TrainingOptions.builder(output).resume(resume).maxIterations(maxIterations)
        .checkpointEvery(checkpointEvery).workers(workers).progressInterval(Duration.ofSeconds(10))
        .commandLine(commandLine).build();
  }

  /** The UI server when {@code --ui} was given, else null. */
  public TrainingUi startUi() {
    return ui ? TrainingUi.start(uiPort) : null;
  }
}
