package io.solider.bench;

import io.solider.cli.options.OutputPaths;
import io.solider.nn.checkpoint.fuzz.CheckpointFuzz;
import io.solider.nn.io.JsonFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The long fuzz run of the checkpoint reader ({@link CheckpointFuzz}): many seeded mutants of the
 * shipped seed checkpoints; exit code 0 only if every one loaded cleanly or was refused with the
 * reader's own one-line exception within the time limit. Failing mutants are kept in the work
 * folder for replay.
 */
@Command(name = "checkpoint-fuzz", mixinStandardHelpOptions = true,
    description = "Loads N mutated checkpoints; every one must load cleanly or be refused with one line.")
public final class CheckpointFuzzBenchmark implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(CheckpointFuzzBenchmark.class);

  @Option(names = "--mutants", defaultValue = "10000", description = "Mutants to load. Default: ${DEFAULT-VALUE}.")
  int mutants;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the mutations. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--timeout-ms", defaultValue = "5000",
      description = "Time limit of one load, ms. Default: ${DEFAULT-VALUE}.")
  long timeoutMs;

  @Option(names = "--work", description = "Folder for the mutants (failing ones are kept). Default: a temporary folder.")
  Path work;

  @Option(names = "--output", converter = OutputPaths.File.class, description = "Report JSON to write.")
  Path output;

  @Override
  public Integer call() throws Exception {
    if (mutants < 1 || timeoutMs < 1) {
      throw new IllegalArgumentException("--mutants and --timeout-ms must be >= 1");
    }
    Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("checkpoint-fuzz");
    CheckpointFuzz.Report r = CheckpointFuzz.run(
        new CheckpointFuzz.Config(seed, mutants, Duration.ofMillis(timeoutMs), 1 << 24), dir);
    log.info("{} mutants in {}s: outcomes {}; slowest load {}s ({})", r.mutants(), String.format("%.1f", r.seconds()),
        r.outcomes(), String.format("%.3f", r.slowestSeconds()), r.slowestMutation());
    log.info("mutations: {}", r.byMutation());
    for (CheckpointFuzz.Failure f : r.failures()) {
      log.error("mutant {} ({} {}): {}: {}", f.index(), f.seed(), f.mutation(), f.outcome(), f.detail());
    }
    if (output != null) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("mutants", r.mutants());
      json.put("seed", seed);
      json.put("seconds", r.seconds());
      json.put("slowest_load_seconds", r.slowestSeconds());
      json.put("slowest_mutation", r.slowestMutation());
      json.put("outcomes", r.outcomes());
      json.put("by_mutation", r.byMutation());
      json.put("failures", r.failures().stream().map(f -> List.of(f.index(), f.seed(), f.mutation(),
          f.outcome().toString(), f.detail())).toList());
      JsonFile.write(json, output);
    }
    return r.passed() ? 0 : 1;
  }
}
