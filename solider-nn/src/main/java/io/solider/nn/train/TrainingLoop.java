package io.solider.nn.train;

import io.solider.nn.progress.ProgressLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one training loop of every task, in DINO's order: evaluate before (if asked) → for each
 * epoch from the start position: for each batch: step, log, listeners, checkpoint on request or
 * cadence → end of epoch: the run's own end-of-epoch work ({@link TrainingRun#onEpochEnd}),
 * checkpoint, epoch record, periodic evaluation → final evaluation.
 *
 * <p>It runs epochs {@code start.epoch() … epochs − 1}, the first from {@code start.batch()}, and
 * stops early (with a checkpoint) when the global iteration count reaches
 * {@link TrainingOptions#maxIterations()}. A {@link NonFiniteLossException} from a step ends the
 * call without writing anything more, so the checkpoint on disk stays the last good state.
 * Exact resume is the run's and the data's business: both are functions of (seed, position).
 *
 * @param <B> batch type (closed after its step)
 * @param <S> step measurements
 * @param <R> the task's run
 */
public final class TrainingLoop<B extends AutoCloseable, S extends StepRecord, R extends TrainingRun<B, S>> {

  private static final Logger log = LoggerFactory.getLogger(TrainingLoop.class);

  private final String name;
  private final R run;
  private final EpochData<B> data;
  private final int epochs;
  private final Position start;
  private final RunFolder folder;
  private final TrainingOptions options;
  private final Supplier<? extends StepMeter<S>> meter;
  private final Evaluator<? super R> evaluator;
  private final EvaluationPlan plan;
  private final List<TrainingListener<? super R, ? super S>> listeners;

  private TrainingLoop(Builder<B, S, R> b) {
    this.name = b.name;
    this.run = b.run;
    this.data = b.data;
    this.epochs = b.epochs;
    this.start = b.start;
    this.folder = b.folder;
    this.options = b.options;
    this.meter = b.meter;
    this.evaluator = b.evaluator;
    this.plan = b.plan;
    this.listeners = List.copyOf(b.listeners);
  }

  /**
   * A loop named {@code name} (used in log lines) over {@code run} and {@code data}.
   *
   * @param epochs the run's total epochs (the loop ends after epoch {@code epochs − 1})
   */
  public static <B extends AutoCloseable, S extends StepRecord, R extends TrainingRun<B, S>> Builder<B, S, R> builder(
      String name, R run, EpochData<B> data, int epochs, RunFolder folder, TrainingOptions options) {
    return new Builder<>(name, run, data, epochs, folder, options);
  }

  /** Trains; see the class comment. */
  public TrainingResult<R, S> run() throws IOException {
    if (start.epoch() < epochs) {
      int n = data.batches(start.epoch());
      if (n == 0) {
        throw new IllegalArgumentException(name + ": epoch " + start.epoch()
            + " has no batch (too few training samples for one batch)");
      }
      if (start.batch() > n) {
        throw new IllegalArgumentException(name + ": the run continues at batch " + start.batch() + " of epoch "
            + start.epoch() + ", which has only " + n + " batches (did the training data change?)");
      }
    }
    Evaluation initial = null;
    if (plan.before() && start.iteration() == 0) {
      initial = evaluate(-1, false);
    }
    long planned = 0;
    for (int e = start.epoch(); e < epochs; e++) {
      planned += data.batches(e) - (e == start.epoch() ? start.batch() : 0);
    }
    if (options.maxIterations() > 0) {
      planned = Math.max(0, Math.min(planned, options.maxIterations() - start.iteration()));
    }
    ProgressLog progress = new ProgressLog(log, name, "images", planned * data.batchSize(),
        options.progressInterval());
    log.info("{}: epochs {}..{}, {} batches of {} planned, from iteration {}", name, start.epoch(), epochs - 1,
        planned, data.batchSize(), start.iteration());
    List<S> steps = new ArrayList<>();
    Position pos = start;
    boolean stopped = false;
    Evaluation last = null;
    try (JsonLines jsonl = folder.openLog()) {
      while (pos.epoch() < epochs) {
        if (limitReached(pos)) {
          stopped = true;
          break;
        }
        StepMeter<S> epochMeter = meter.get();
        Iterator<B> batches = data.epoch(pos.epoch(), pos.batch());
        boolean cut = false;
        while (batches.hasNext()) {
          if (limitReached(pos)) {
            cut = true;
            break;
          }
          S s = step(batches.next(), pos);
          pos = pos.nextBatch();
          steps.add(s);
          epochMeter.add(s);
          jsonl.append(iterRecord(s));
          progress.advance(s.images());
          for (TrainingListener<? super R, ? super S> l : listeners) {
            l.onStep(run, s);
          }
          if (folder.takeSaveRequest() || options.checkpointEvery() > 0
              && pos.iteration() % options.checkpointEvery() == 0) {
            save(pos);
          }
          if (options.gcEveryStep()) {
            System.gc();
          }
        }
        Position next = cut ? pos : pos.nextEpoch();
        if (!cut) {
          run.onEpochEnd(pos.epoch());
        }
        endEpoch(jsonl, pos.epoch(), !cut, epochMeter.averages(), next);
        if (cut) {
          stopped = true;
          break;
        }
        if (plan.every() > 0 && next.epoch() % plan.every() == 0 && next.epoch() < epochs) {
          Evaluation e = evaluate(next.epoch(), false);
          jsonl.append(evalRecord(next.epoch(), e));
        }
        pos = next;
      }
      if (plan.atEnd()) {
        last = evaluate(pos.epoch(), true);
        jsonl.append(evalRecord(pos.epoch(), last));
      }
    }
    return new TrainingResult<>(run, steps, initial, last, pos, stopped);
  }

  private boolean limitReached(Position pos) {
    return options.maxIterations() > 0 && pos.iteration() >= options.maxIterations();
  }

  private S step(B batch, Position at) {
    try (batch) {
      return run.step(batch, at);
    } catch (NonFiniteLossException e) {
      log.error("{}: {}", name, e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot release a batch: " + e.getMessage(), e);
    }
  }

  private void endEpoch(JsonLines jsonl, int epoch, boolean complete, Map<String, Double> averages, Position next)
      throws IOException {
    save(next);
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("type", "epoch");
    rec.put("epoch", epoch);
    rec.put("complete", complete);
    rec.putAll(averages);
    jsonl.append(rec);
    StringBuilder line = new StringBuilder();
    averages.forEach((k, v) -> line.append(line.length() == 0 ? "" : ", ").append(k).append(' ').append(format(v)));
    log.info("{}: epoch {}{}: {}", name, epoch, complete ? "" : " (partial)", line);
    for (TrainingListener<? super R, ? super S> l : listeners) {
      l.onEpoch(epoch, complete, averages);
    }
  }

  private void save(Position next) throws IOException {
    run.save(folder, next);
    log.info("{}: checkpoint before epoch {} batch {} (iteration {}): {}", name, next.epoch(), next.batch(),
        next.iteration(), folder.checkpoint());
  }

  private Evaluation evaluate(int epochsDone, boolean last) throws IOException {
    if (evaluator == null) {
      throw new IllegalStateException(name + ": an evaluation was planned but the task gave no evaluator");
    }
    long t0 = System.nanoTime();
    Evaluation e = evaluator.evaluate(run);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("epoch", epochsDone);
    json.putAll(e.toJson());
    folder.writeJson(folder.metrics(epochsDone, last).getFileName().toString(), json);
    log.info("{}: evaluation {}: {} ({}s); wrote {}", name,
        epochsDone < 0 ? "before training" : "after " + epochsDone + " epochs", e.summary(),
        String.format("%.1f", (System.nanoTime() - t0) / 1e9), folder.metrics(epochsDone, last));
    for (TrainingListener<? super R, ? super S> l : listeners) {
      l.onEvaluation(epochsDone, e);
    }
    return e;
  }

  static Map<String, Object> iterRecord(StepRecord s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "iter");
    m.put("iteration", s.position().iteration());
    m.put("epoch", s.position().epoch());
    m.put("batch", s.position().batch());
    m.putAll(s.scalars());
    m.put("images", s.images());
    m.put("seconds", s.seconds());
    return m;
  }

  /** The evaluation's scalar metrics (arrays and nested objects stay in the metrics file). */
  static Map<String, Object> evalRecord(int epochsDone, Evaluation e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "eval");
    m.put("epoch", epochsDone);
    e.toJson().forEach((k, v) -> {
      if (v instanceof Number) {
        m.put(k, v);
      }
    });
    return m;
  }

  private static String format(Double v) {
    return v == null || !Double.isFinite(v) ? "-" : String.format("%.4g", v);
  }

  /** Builder of a {@link TrainingLoop}: the required parts come with {@link TrainingLoop#builder}. */
  public static final class Builder<B extends AutoCloseable, S extends StepRecord, R extends TrainingRun<B, S>> {
    private final String name;
    private final R run;
    private final EpochData<B> data;
    private final int epochs;
    private final RunFolder folder;
    private final TrainingOptions options;
    private Position start = Position.START;
    private Supplier<? extends StepMeter<S>> meter = MeanMeter::new;
    private Evaluator<? super R> evaluator;
    private EvaluationPlan plan = EvaluationPlan.none();
    private final List<TrainingListener<? super R, ? super S>> listeners = new ArrayList<>();

    private Builder(String name, R run, EpochData<B> data, int epochs, RunFolder folder, TrainingOptions options) {
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
      }
      this.name = name;
      this.run = run;
      this.data = data;
      this.epochs = epochs;
      this.folder = folder;
      this.options = options;
    }

    /** Where to start (a resumed run's checkpoint position); default the beginning. */
    public Builder<B, S, R> start(Position p) {
      start = p;
      return this;
    }

    /** How an epoch's steps are averaged; default {@link MeanMeter}. */
    public Builder<B, S, R> meter(Supplier<? extends StepMeter<S>> m) {
      meter = m;
      return this;
    }

    /** The task's evaluation and when to run it. */
    public Builder<B, S, R> evaluation(Evaluator<? super R> e, EvaluationPlan p) {
      evaluator = e;
      plan = p;
      return this;
    }

    public Builder<B, S, R> listener(TrainingListener<? super R, ? super S> l) {
      listeners.add(l);
      return this;
    }

    public Builder<B, S, R> listeners(List<? extends TrainingListener<? super R, ? super S>> ls) {
      listeners.addAll(ls);
      return this;
    }

    public TrainingLoop<B, S, R> build() {
      return new TrainingLoop<>(this);
    }
  }
}
