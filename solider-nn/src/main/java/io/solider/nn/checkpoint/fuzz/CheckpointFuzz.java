package io.solider.nn.checkpoint.fuzz;

import io.solider.nn.checkpoint.CheckpointException;
import io.solider.nn.checkpoint.Checkpoints;
import io.solider.nn.checkpoint.StateDict;
import io.solider.nn.checkpoint.TensorRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mutation fuzzing of the checkpoint reader: loads many malformed variants of small seed
 * checkpoints (one of each format the reader takes, shipped with this class) and checks that
 * each ends in one of two ways, within a time limit: a clean load (every tensor up to a size
 * limit materialised) or the reader's own {@link CheckpointException}, with a one-line message
 * that names the file and shows no Java internals, and that is not an
 * {@linkplain CheckpointException#isReaderFault() unanticipated} refusal. Anything else — an
 * unchecked exception, an error such as {@link StackOverflowError}, a timeout, a bad message — is
 * a failure. Seeded: the same seed gives the same mutants.
 */
public final class CheckpointFuzz {

  /** How a mutant ended. */
  public enum Outcome { LOADED, REFUSED, READER_FAULT, BAD_MESSAGE, ESCAPED, TIMEOUT }

  /**
   * A fuzz run's settings.
   *
   * @param seed seeds the mutations
   * @param mutants number of mutants
   * @param perMutant time limit of one load
   * @param materializeLimitBytes tensors up to this size are materialised after a clean open
   */
  public record Config(long seed, int mutants, Duration perMutant, long materializeLimitBytes) {
    public Config {
      if (mutants < 1 || perMutant.isNegative() || perMutant.isZero() || materializeLimitBytes < 0) {
        throw new IllegalArgumentException("mutants >= 1, a positive time limit and a non-negative size limit");
      }
    }
  }

  /** A mutant that did not end cleanly. */
  public record Failure(int index, String seed, String mutation, Outcome outcome, String detail) {}

  /**
   * What a run saw.
   *
   * @param outcomes mutants per outcome
   * @param byMutation mutants per mutation name
   * @param failures the mutants that ended badly (empty when the reader held)
   * @param seconds wall time of the whole run
   * @param slowestSeconds the slowest single load
   * @param slowestMutation what that mutant was
   */
  public record Report(int mutants, Map<Outcome, Integer> outcomes, Map<String, Integer> byMutation,
      List<Failure> failures, double seconds, double slowestSeconds, String slowestMutation) {

    /** True when every mutant loaded cleanly or was refused with the reader's own exception. */
    public boolean passed() {
      return failures.isEmpty();
    }
  }

  /** The seeds shipped with this class (see make_seeds.py next to them). */
  public static final List<String> SEED_FILES = List.of("zip_p2.pth", "zip_p4.pth", "legacy.pth", "arrays.npz",
      "arrays_z.npz", "tensors.safetensors");

  private static final Pattern JAVA_TEXT = Pattern.compile(
      "Exception|java\\.|javax\\.|\\bclass [a-z]|Error\\b|\\$|@[0-9a-f]{4,}|\\bnull\\b");

  private CheckpointFuzz() {}

  /** The shipped seeds. */
  public static List<CheckpointMutator.Seed> seeds() {
    List<CheckpointMutator.Seed> seeds = new ArrayList<>();
    for (String name : SEED_FILES) {
      try (InputStream in = CheckpointFuzz.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("missing fuzz seed " + name);
        }
        seeds.add(new CheckpointMutator.Seed(name, kindOf(name), in.readAllBytes()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return seeds;
  }

  private static CheckpointMutator.Kind kindOf(String name) {
    if (name.endsWith(".npz")) {
      return CheckpointMutator.Kind.NPZ;
    }
    if (name.endsWith(".safetensors")) {
      return CheckpointMutator.Kind.SAFETENSORS;
    }
    return name.startsWith("legacy") ? CheckpointMutator.Kind.TORCH_LEGACY : CheckpointMutator.Kind.TORCH_ZIP;
  }

  /**
   * Runs {@code config.mutants()} mutants, cycling through the seeds; each is written to a file in
   * {@code workDir} and loaded there.
   */
  public static Report run(Config config, Path workDir) throws IOException {
    List<CheckpointMutator.Seed> seeds = seeds();
    CheckpointMutator mutator = new CheckpointMutator(config.seed());
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    Map<String, Integer> byMutation = new TreeMap<>();
    List<Failure> failures = new ArrayList<>();
    ExecutorService worker = newWorker();
    double slowest = 0;
    String slowestMutation = "";
    long t0 = System.nanoTime();
    try {
      for (int i = 0; i < config.mutants(); i++) {
        CheckpointMutator.Seed seed = seeds.get(i % seeds.size());
        CheckpointMutator.Mutant m = mutator.mutate(seed);
        byMutation.merge(m.mutation(), 1, Integer::sum);
        Path file = workDir.resolve("mutant-" + i + "-" + seed.name());
        Files.write(file, m.bytes());
        long s0 = System.nanoTime();
        Future<String> load = worker.submit(() -> load(file, config.materializeLimitBytes()));
        Outcome outcome;
        String detail;
        try {
          detail = load.get(config.perMutant().toMillis(), TimeUnit.MILLISECONDS);
          outcome = detail == null ? Outcome.LOADED : Outcome.REFUSED;
          if (detail != null) {
            String problem = messageProblem(detail, file);
            if (problem != null) {
              outcome = Outcome.BAD_MESSAGE;
              detail = problem + ": " + detail;
            }
          }
        } catch (TimeoutException e) {
          load.cancel(true);
          worker.shutdownNow();
          worker = newWorker();
          outcome = Outcome.TIMEOUT;
          detail = "no result within " + config.perMutant().toMillis() + " ms";
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          outcome = c instanceof CheckpointException ce && ce.isReaderFault() ? Outcome.READER_FAULT : Outcome.ESCAPED;
          detail = c.getClass().getName() + ": " + c.getMessage() + (c.getCause() == null ? ""
              : " (cause " + c.getCause().getClass().getName() + ": " + c.getCause().getMessage() + ")")
              + " at " + Arrays.toString(Arrays.copyOf(c.getStackTrace(), Math.min(3, c.getStackTrace().length)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
        double secs = (System.nanoTime() - s0) / 1e9;
        if (secs > slowest) {
          slowest = secs;
          slowestMutation = seed.name() + " " + m.mutation();
        }
        outcomes.merge(outcome, 1, Integer::sum);
        if (outcome != Outcome.LOADED && outcome != Outcome.REFUSED) {
          failures.add(new Failure(i, seed.name(), m.mutation(), outcome, detail));
        } else {
          Files.deleteIfExists(file);
        }
      }
    } finally {
      worker.shutdownNow();
    }
    return new Report(config.mutants(), outcomes, byMutation, failures, (System.nanoTime() - t0) / 1e9, slowest,
        slowestMutation);
  }

  /** Loads a file; null for a clean load, the message of the reader's refusal otherwise. */
  private static String load(Path file, long materializeLimit) throws IOException {
    try (StateDict sd = Checkpoints.read(file)) {
      for (TensorRef t : sd.tensors().values()) {
        long bytes = t.numel() * t.dtype().size();
        if (t.numel() >= 0 && bytes >= 0 && bytes <= materializeLimit) {
          INDArray a = t.toINDArray();
          if (a.closeable()) {
            a.close();
          }
        }
      }
      return null;
    } catch (CheckpointException e) {
      if (e.isReaderFault()) {
        throw e;
      }
      return e.getMessage();
    }
  }

  /** What is wrong with a refusal's message, or null: it must be one line naming the file, without Java text. */
  static String messageProblem(String message, Path file) {
    if (message.contains("\n")) {
      return "message spans lines";
    }
    if (!message.startsWith(file.toString())) {
      return "message does not start with the file";
    }
    String rest = message.substring(file.toString().length());
    if (JAVA_TEXT.matcher(rest).find()) {
      return "message shows Java internals";
    }
    return null;
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "checkpoint-fuzz");
      t.setDaemon(true);
      return t;
    });
  }
}
