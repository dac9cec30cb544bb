package io.solider.tasks.synth;

import java.nio.file.Path;
import java.util.List;

final class SceneWriters {
  private SceneWriters() {}

  static List<SynthTruth.SceneTruth> writeCoco(SynthConfig cfg, Path root) {
    return List.of();
  }

  static List<SynthTruth.SceneTruth> writeCityPersons(SynthConfig cfg, Path root) {
    return List.of();
  }

  static List<String> writeUnlabeled(SynthConfig cfg, Path root) {
    return List.of();
  }
}
