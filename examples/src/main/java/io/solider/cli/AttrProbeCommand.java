package io.solider.cli;

import io.solider.cli.options.AttributeRecipeOptions;
import io.solider.cli.options.OutputPaths;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.tasks.attribute.train.AttributeProbe;
import io.solider.tasks.attribute.train.AttributeTrainConfig;
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

/** {@code solider attr-probe}: a converged linear probe on the frozen backbone's cached features. */
@Command(
    name = "attr-probe",
    mixinStandardHelpOptions = true,
    description = {
      "Linear probe for pedestrian attributes on cached features: the frozen backbone's pooled features of the "
          + "training (train + val) and test splits are computed once (test transform, no augmentation), then the "
          + "classifier alone is trained on them for many epochs with attr-train's step (BCE weighted by the "
          + "training split's positive ratios, Adam, gradient norm clipping, ReduceLROnPlateau on the test split's "
          + "loss). Equals attr-train --freeze-backbone --padding 0 without flips, at a fraction of the cost. Writes "
          + "model.pth, model_best.pth (best test mA), attributes.txt, metrics_initial.json (untrained head), "
          + "metrics.json, log.jsonl (per epoch) and run.json."
    })
public final class AttrProbeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin AttributeRecipeOptions recipe;

  @Option(names = "--pretrained", required = true, paramLabel = "FILE",
      description = "SOLIDER checkpoint whose frozen backbone gives the features (any layout 'extract' reads).")
  Path pretrained;

  @Option(names = "--output", required = true, converter = OutputPaths.Folder.class, paramLabel = "DIR",
      description = "Run folder.")
  Path output;

  @Option(names = "--epochs", defaultValue = "100", description = "Epochs over the cached features. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--head-lr", defaultValue = "1e-3", paramLabel = "LR",
      description = "Initial learning rate of the classifier. Default: ${DEFAULT-VALUE}.")
  double headLr;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(pretrained)) {
      throw new NoSuchFileException(pretrained.toString(), null, "--pretrained checkpoint not found");
    }
    SwinConfig arch = Backbone.architectureOf(pretrained);
    AttributeTrainConfig release = AttributeTrainConfig.release(arch);
    AttributeTrainConfig config = recipe.applyTo(release.toBuilder())
        .pretrained(pretrained.toString())
        .trainBackbone(false)
        // the backbone's rate is unused (frozen); the schedule holds it next to the head's
        .learningRates(headLr, headLr)
        .schedule(new AttributeTrainConfig.Schedule(epochs, AttributeTrainConfig.ScheduleKind.PLATEAU,
            recipe.lrFactor(), recipe.patience(), List.of()))
        .augmentation(new AttributeTrainConfig.Augmentation(0, 0))
        .build();
    new AttributeProbe(config, output, spec.commandLine().getParseResult().originalArgs())
        .run(recipe.readData());
    return 0;
  }
}
