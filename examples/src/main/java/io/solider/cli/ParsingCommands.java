package io.solider.cli;

import io.solider.cli.options.ArchitectureOptions;
import io.solider.tasks.parsing.head.ParsingModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** What the parsing commands share. */
final class ParsingCommands {

  private ParsingCommands() {}

  /** The parsing model of {@code checkpoint}, its backbone checked against {@code --arch}. */
  static ParsingModel load(Path checkpoint, ArchitectureOptions architecture) throws IOException {
    if (!Files.isRegularFile(checkpoint)) {
      throw new NoSuchFileException(checkpoint.toString(), null, "checkpoint does not exist");
    }
    ParsingModel model = ParsingModel.read(checkpoint);
    architecture.requireMatches(model.backbone().config(), checkpoint);
    return model;
  }
}
