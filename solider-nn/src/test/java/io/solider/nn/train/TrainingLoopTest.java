package io.solider.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The shared loop on a toy task whose state is a running sum: the order of steps, checkpoints,
 * resume, limits, evaluations and the log are checked exactly.
 */
class TrainingLoopTest {

  @TempDir Path dir;

  /** A batch: its epoch and index; records whether the loop closed it. */
  static final class Batch implements AutoCloseable {
    final int epoch;
    final int index;
    boolean closed;

    Batch(int epoch, int index) {
      this.epoch = epoch;
      this.index = index;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  record Step(Position position, double loss, int images, double seconds) implements StepRecord {
    @Override
    public Map<String, Double> scalars() {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("loss", loss);
      m.put("lr", 0.1 * position.epoch());
      return m;
    }
  }

  /** Three batches in even epochs, two in odd ones (the re-id sampler's epochs vary too). */
  static class Data implements EpochData<Batch> {
    final List<Batch> served = new ArrayList<>();

    @Override
    public int batches(int epoch) {
      return epoch % 2 == 0 ? 3 : 2;
    }

    @Override
    public int batchSize() {
      return 4;
    }

    @Override
    public Iterator<Batch> epoch(int epoch, int first) {
      List<Batch> l = new ArrayList<>();
      for (int b = first; b < batches(epoch); b++) {
        Batch x = new Batch(epoch, b);
        l.add(x);
        served.add(x);
      }
      return l.iterator();
    }
  }

  /** The state is a sum over steps of (epoch·10 + batch); a checkpoint stores it and the position. */
  static final class Run implements TrainingRun<Batch, Step> {
    double sum;
    final List<Position> saves = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    Double poisonAt;

    @Override
    public void onEpochEnd(int epoch) {
      events.add("end " + epoch);
    }

    @Override
    public Step step(Batch batch, Position at) {
      assertThat(batch.epoch).isEqualTo(at.epoch());
      assertThat(batch.index).isEqualTo(at.batch());
      double v = batch.epoch * 10 + batch.index;
      if (poisonAt != null && at.iteration() == poisonAt) {
        throw new NonFiniteLossException("toy", Double.NaN, at.iteration());
      }
      sum += v;
      return new Step(at, v, 4, 0.5);
    }

    @Override
    public void save(RunFolder folder, Position next) throws IOException {
      saves.add(next);
      events.add("save " + next.epoch() + "/" + next.batch());
      folder.writeJson(RunFolder.CHECKPOINT, Map.of("sum", sum, "epoch", next.epoch(), "batch", next.batch(),
          "iteration", next.iteration()));
    }

    @Override
    public Map<String, INDArray> parameters() {
      return Map.of();
    }

    static Restored restore(RunFolder folder) throws IOException {
      JsonNode n = new ObjectMapper().readTree(folder.checkpoint().toFile());
      Run r = new Run();
      r.sum = n.get("sum").asDouble();
      return new Restored(r, new Position(n.get("epoch").asInt(), n.get("batch").asInt(), n.get("iteration").asLong()));
    }
  }

  record Restored(Run run, Position next) {}

  record Score(double value) implements Evaluation {
    @Override
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("score", value);
      m.put("curve", new double[] {value, value});
      return m;
    }

    @Override
    public String summary() {
      return "score " + value;
    }
  }

  private TrainingResult<Run, Step> train(Run run, Data data, Position start, TrainingOptions options,
      EvaluationPlan plan) throws IOException {
    return TrainingLoop.builder("toy", run, data, 4, RunFolder.open(options.output()), options)
        .start(start).evaluation(r -> new Score(r.sum), plan).build().run();
  }

  private TrainingOptions options(String name) {
    return TrainingOptions.builder(dir.resolve(name)).gcEveryStep(false).build();
  }

  @Test
  void runsEveryBatchOfEveryEpochInOrderAndClosesEachBatch() throws Exception {
    Run run = new Run();
    Data data = new Data();
    TrainingResult<Run, Step> r = train(run, data, Position.START, options("all"), EvaluationPlan.none());
    assertThat(r.steps()).extracting(Step::position).containsExactly(
        new Position(0, 0, 0), new Position(0, 1, 1), new Position(0, 2, 2),
        new Position(1, 0, 3), new Position(1, 1, 4),
        new Position(2, 0, 5), new Position(2, 1, 6), new Position(2, 2, 7),
        new Position(3, 0, 8), new Position(3, 1, 9));
    assertThat(data.served).allMatch(b -> b.closed);
    assertThat(run.saves).containsExactly(new Position(1, 0, 3), new Position(2, 0, 5), new Position(3, 0, 8),
        new Position(4, 0, 10));
    assertThat(r.next()).isEqualTo(new Position(4, 0, 10));
    assertThat(r.stopped()).isFalse();
    assertThat(run.sum).isEqualTo(0 + 1 + 2 + 10 + 11 + 20 + 21 + 22 + 30 + 31);
    // The run's end-of-epoch work comes before the epoch's checkpoint, so the checkpoint holds it.
    assertThat(run.events).containsExactly("end 0", "save 1/0", "end 1", "save 2/0", "end 2", "save 3/0", "end 3",
        "save 4/0");
  }

  @Test
  void aRunStoppedMidEpochAndResumedRepeatsTheUninterruptedOne() throws Exception {
    Run whole = new Run();
    train(whole, new Data(), Position.START, options("whole"), EvaluationPlan.none());

    Run first = new Run();
    TrainingResult<Run, Step> a = train(first, new Data(), Position.START,
        options("parts").toBuilder().maxIterations(4).build(), EvaluationPlan.none());
    assertThat(a.stopped()).isTrue();
    assertThat(a.next()).isEqualTo(new Position(1, 1, 4));
    assertThat(first.saves).containsExactly(new Position(1, 0, 3), new Position(1, 1, 4));
    assertThat(first.events).containsExactly("end 0", "save 1/0", "save 1/1"); // no end for a cut epoch
    Restored restored = Run.restore(RunFolder.open(dir.resolve("parts")));
    assertThat(restored.next()).isEqualTo(new Position(1, 1, 4));
    TrainingResult<Run, Step> b = train(restored.run(), new Data(), restored.next(), options("parts"),
        EvaluationPlan.none());
    assertThat(b.steps().get(0).position()).isEqualTo(new Position(1, 1, 4));
    assertThat(a.steps().size() + b.steps().size()).isEqualTo(10);
    assertThat(restored.run().sum).isEqualTo(whole.sum);
  }

  @Test
  void aLimitAtTheEndOfAnEpochStopsBeforeTheNextWithAFullEpochCheckpoint() throws Exception {
    Run run = new Run();
    TrainingResult<Run, Step> r = train(run, new Data(), Position.START,
        options("edge").toBuilder().maxIterations(5).build(), EvaluationPlan.onlyAtEnd());
    assertThat(r.steps()).hasSize(5);
    assertThat(r.stopped()).isTrue();
    assertThat(r.next()).isEqualTo(new Position(2, 0, 5));
    assertThat(run.saves).containsExactly(new Position(1, 0, 3), new Position(2, 0, 5));
    // The final evaluation says how many epochs were done.
    JsonNode m = new ObjectMapper().readTree(dir.resolve("edge").resolve(RunFolder.METRICS).toFile());
    assertThat(m.get("epoch").asInt()).isEqualTo(2);
  }

  @Test
  void checkpointsOnCadenceAndOnRequest() throws Exception {
    Run run = new Run();
    Path out = dir.resolve("cadence");
    Files.createDirectories(out);
    Files.writeString(out.resolve(RunFolder.SAVE_REQUEST), "");
    train(run, new Data(), Position.START, options("cadence").toBuilder().checkpointEvery(4).build(),
        EvaluationPlan.none());
    assertThat(run.saves).containsExactly(
        new Position(0, 1, 1), // the SAVE file, after the first step; it is removed
        new Position(1, 0, 3), new Position(1, 1, 4), new Position(2, 0, 5), new Position(2, 3, 8),
        new Position(3, 0, 8), new Position(4, 0, 10));
    assertThat(out.resolve(RunFolder.SAVE_REQUEST)).doesNotExist();
  }

  @Test
  void evaluatesBeforePeriodicallyAndAtTheEndWritingMetricsAndLogRecords() throws Exception {
    Run run = new Run();
    List<Integer> seen = new ArrayList<>();
    TrainingOptions o = options("eval");
    TrainingResult<Run, Step> r = TrainingLoop.builder("toy", run, new Data(), 4, RunFolder.open(o.output()), o)
        .evaluation(x -> new Score(x.sum), new EvaluationPlan(true, 2, true, 8))
        .listener(new TrainingListener<Run, Step>() {
          @Override
          public void onEvaluation(int epochsDone, Evaluation evaluation) {
            seen.add(epochsDone);
          }
        })
        .build().run();
    assertThat(seen).containsExactly(-1, 2, 4);
    assertThat(((Score) r.initial()).value()).isZero();
    assertThat(((Score) r.evaluation()).value()).isEqualTo(run.sum);
    Path out = dir.resolve("eval");
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(out.resolve("metrics_initial.json").toFile()).get("epoch").asInt()).isEqualTo(-1);
    assertThat(json.readTree(out.resolve("metrics_epoch2.json").toFile()).get("score").asDouble())
        .isEqualTo(0 + 1 + 2 + 10 + 11);
    JsonNode last = json.readTree(out.resolve("metrics.json").toFile());
    assertThat(last.get("epoch").asInt()).isEqualTo(4);
    assertThat(last.get("curve")).hasSize(2);
    List<JsonNode> lines = new ArrayList<>();
    for (String l : Files.readAllLines(out.resolve(RunFolder.LOG))) {
      lines.add(json.readTree(l));
    }
    assertThat(lines).filteredOn(n -> n.get("type").asText().equals("iter")).hasSize(10);
    JsonNode firstIter = lines.get(0);
    assertThat(firstIter.get("iteration").asLong()).isZero();
    assertThat(firstIter.get("images").asInt()).isEqualTo(4);
    List<JsonNode> epochs = lines.stream().filter(n -> n.get("type").asText().equals("epoch")).toList();
    assertThat(epochs).hasSize(4);
    assertThat(epochs.get(1).get("loss").asDouble()).isEqualTo((10 + 11) / 2.0);
    assertThat(epochs.get(1).get("lr").asDouble()).isEqualTo(0.1);
    assertThat(epochs.get(1).get("steps").asInt()).isEqualTo(2);
    assertThat(epochs.get(1).get("images_per_second").asDouble()).isEqualTo(8.0);
    List<JsonNode> evals = lines.stream().filter(n -> n.get("type").asText().equals("eval")).toList();
    assertThat(evals).extracting(n -> n.get("epoch").asInt()).containsExactly(2, 4);
    assertThat(evals.get(0).has("curve")).isFalse(); // arrays stay in the metrics file
  }

  @Test
  void aNonFiniteLossStopsWithoutAnotherCheckpoint() throws Exception {
    Run run = new Run();
    run.poisonAt = 4.0;
    assertThatThrownBy(() -> train(run, new Data(), Position.START, options("nan"), EvaluationPlan.onlyAtEnd()))
        .isInstanceOf(NonFiniteLossException.class).hasMessageContaining("'toy'").hasMessageContaining("iteration 4");
    assertThat(run.saves).containsExactly(new Position(1, 0, 3));
    assertThat(dir.resolve("nan").resolve(RunFolder.METRICS)).doesNotExist();
  }

  @Test
  void tooFewSamplesForOneBatchIsAClearError() {
    Data empty = new Data() {
      @Override
      public int batches(int epoch) {
        return 0;
      }
    };
    assertThatThrownBy(() -> train(new Run(), empty, Position.START, options("empty"), EvaluationPlan.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("toy: epoch 0 has no batch (too few training samples for one batch)");
  }

  @Test
  void aCheckpointAtTheLastBatchOfAnEpochResumesWithTheNextEpoch() throws Exception {
    Run whole = new Run();
    train(whole, new Data(), Position.START, options("w"), EvaluationPlan.none());
    Run rest = new Run();
    rest.sum = 0 + 1 + 2 + 10 + 11 + 20 + 21 + 22;
    TrainingResult<Run, Step> r = train(rest, new Data(), new Position(2, 3, 8), options("r"), EvaluationPlan.none());
    assertThat(r.steps()).extracting(Step::position).containsExactly(new Position(3, 0, 8), new Position(3, 1, 9));
    assertThat(rest.sum).isEqualTo(whole.sum);
    assertThatThrownBy(() -> train(new Run(), new Data(), new Position(1, 3, 6), options("bad"), EvaluationPlan.none()))
        .hasMessage("toy: the run continues at batch 3 of epoch 1, which has only 2 batches (did the training data change?)");
  }
}
