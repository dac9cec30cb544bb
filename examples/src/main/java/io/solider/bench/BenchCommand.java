package io.solider.bench;

import picocli.CommandLine.Command;

/** {@code solider bench …}: benchmark programs (not unit tests); figures go to docs/PERFORMANCE.md. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
    subcommands = {BackboneBenchmark.class, io.solider.bench.tasks.TaskBenchmark.class, PretrainBenchmark.class, TrainStepBenchmark.class, ProbeBenchmark.class,
        ReidIndexBenchmark.class, TrainingFingerprint.class, CheckpointFuzzBenchmark.class})
public final class BenchCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
