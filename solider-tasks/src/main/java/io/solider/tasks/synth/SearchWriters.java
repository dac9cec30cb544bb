package io.solider.tasks.synth;

import java.nio.file.Path;
import java.util.List;

final class SearchWriters {
  private SearchWriters() {}

  static List<SynthTruth.SceneTruth> writeCuhkSysu(SynthConfig cfg, Path root) {
    return List.of();
  }

  static List<SynthTruth.SceneTruth> writePrw(SynthConfig cfg, Path root) {
    return List.of();
  }
}
