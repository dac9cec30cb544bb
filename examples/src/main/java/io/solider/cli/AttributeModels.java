package io.solider.cli;

import io.solider.cli.options.ArchitectureOptions;
import io.solider.tasks.attribute.train.AttributeModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Loading the attribute model of a command's {@code --checkpoint}, checked against {@code --arch}. */
final class AttributeModels {

  private AttributeModels() {}

  static AttributeModel load(Path checkpoint, ArchitectureOptions architecture) throws IOException {
    if (!Files.isRegularFile(checkpoint)) {
      throw new NoSuchFileException(checkpoint.toString(), null, "checkpoint does not exist");
    }
    AttributeModel model = AttributeModel.load(checkpoint);
    architecture.requireMatches(model.backbone().config(), checkpoint);
    return model;
  }
}
