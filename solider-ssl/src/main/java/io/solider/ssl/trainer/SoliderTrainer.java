package io.solider.ssl.trainer;

import io.solider.nn.train.NonFiniteLossException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.progress.ProgressLog;
import io.solider.ssl.augment.MultiCropBatch;
import io.solider.ssl.augment.MultiCropLoader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs SOLIDER pretraining on a loader, DINO-style: data → networks → loss/optimiser/schedules
 * (inside {@link SoliderPretraining}) → resume → for each epoch: train one epoch, checkpoint,
 * export the teacher, append the epoch's averages to the JSON-lines log.
 *
 * <p>Files in the output folder: {@code checkpoint.pth} (full state, see
 * {@link PretrainCheckpoint}), {@code teacher.pth} (release layout), {@code log.jsonl} (one JSON
 * object per iteration, {@code "type":"iter"}, and per epoch, {@code "type":"epoch"}).
 */
public final class SoliderTrainer {

  private static final Logger log = LoggerFactory.getLogger(SoliderTrainer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  public static final String CHECKPOINT = "checkpoint.pth";
  public static final String TEACHER = "teacher.pth";
  public static final String LOG = "log.jsonl";
  public static final String SAVE_REQUEST = "SAVE";

  private final PretrainConfig config;
  private final TrainerOptions options;
  private final List<TrainingListener> listeners = new ArrayList<>();

  public SoliderTrainer(PretrainConfig config, TrainerOptions options) {
    this.config = config;
    this.options = options;
  }

  public SoliderTrainer addListener(TrainingListener l) {
    listeners.add(l);
    return this;
  }

  /** The last step measured of each iteration run by {@link #train}. */
  public record Result(SoliderPretraining run, List<StepStats> steps) {}

  /**
   * Trains until the configured epochs (or {@code maxIterations}) are done.
   *
   * @throws NonFiniteLossException when a loss term goes bad (checkpoint.pth keeps the last good state)
   */
  public Result train(MultiCropLoader loader) throws IOException {
    Path out = options.output();
    Files.createDirectories(out);
    // ============ networks, loss, optimiser, schedules ============
    int ipe = loader.batchesPerEpoch();
    SoliderPretraining run;
    long start = 0;
    Path ckpt = out.resolve(CHECKPOINT);
    if (options.resume() && Files.exists(ckpt)) {
      PretrainCheckpoint.Restored r = PretrainCheckpoint.read(ckpt, options.recompute());
      run = r.run();
      start = r.nextIteration();
      if (run.itersPerEpoch() != ipe) {
        throw new IllegalArgumentException(ckpt + " was written with " + run.itersPerEpoch()
            + " iterations per epoch, the data now gives " + ipe + " (same folder and batch size needed to resume)");
      }
      log.info("resumed from {} at iteration {} (epoch {})", ckpt, start, start / ipe);
    } else {
      if (options.resume()) {
        log.warn("--resume: no {} yet, starting from scratch", ckpt);
      }
      run = SoliderPretraining.create(config, ipe, options.recompute());
      log.info("student and teacher built: {} parameters in the student graph",
          run.student().parameters().values().stream().mapToLong(a -> a.length()).sum());
    }
    PretrainConfig cfg = run.config();
    long total = (long) cfg.epochs() * ipe;
    long end = options.maxIterations() > 0 ? Math.min(total, options.maxIterations()) : total;
    ProgressLog progress = new ProgressLog(log, "pretraining", "images", (end - start) * cfg.batchSize(),
        options.progressInterval());
    List<StepStats> steps = new ArrayList<>();
    log.info("training {} images, {} iterations per epoch, iterations {}..{} of {}, peak lr {}", loader.size(), ipe,
        start, end, total, cfg.peakLr());
    try (Writer jsonl = Files.newBufferedWriter(out.resolve(LOG), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND)) {
      long it = start;
      while (it < end) {
        int epoch = (int) (it / ipe);
        EpochMeter meter = new EpochMeter();
        Iterator<MultiCropBatch> batches = loader.epoch(epoch, (int) (it % ipe));
        while (batches.hasNext() && it < end) {
          MultiCropBatch batch = batches.next();
          StepStats s;
          try {
            s = run.step(batch, it);
          } catch (NonFiniteLossException e) {
            log.error("{}", e.getMessage());
            throw e;
          } finally {
            batch.close();
          }
          it++;
          steps.add(s);
          meter.add(s);
          jsonl.write(JSON.writeValueAsString(iterRecord(s)) + "\n");
          jsonl.flush();
          progress.advance(cfg.batchSize());
          for (TrainingListener l : listeners) {
            l.onStep(s, run);
          }
          boolean asked = Files.deleteIfExists(out.resolve(SAVE_REQUEST));
          if (asked || options.checkpointEvery() > 0 && it % options.checkpointEvery() == 0) {
            save(run, it, out);
          }
          if (options.gcEveryStep()) {
            System.gc();
          }
        }
        if (it % ipe == 0 || it == end) {
          // ============ end of epoch (or of this run): checkpoint, teacher, log ============
          save(run, it, out);
          Map<String, Double> avg = meter.averages();
          Map<String, Object> rec = new LinkedHashMap<>();
          rec.put("type", "epoch");
          rec.put("epoch", epoch);
          rec.put("complete", it % ipe == 0);
          avg.forEach((k, v) -> rec.put(k, Double.isFinite(v) ? v : null));
          jsonl.write(JSON.writeValueAsString(rec) + "\n");
          jsonl.flush();
          log.info("epoch {}: dino {} semantic {} acc {} kept {}", epoch, avg.get("dino_loss"),
              avg.get("semantic_loss"), avg.get("part_accuracy"), avg.get("kept"));
          for (TrainingListener l : listeners) {
            l.onEpoch(epoch, avg);
          }
        }
      }
    }
    return new Result(run, steps);
  }

  private static void save(SoliderPretraining run, long nextIteration, Path out) throws IOException {
    PretrainCheckpoint.write(run, nextIteration, out.resolve(CHECKPOINT));
    PretrainCheckpoint.exportTeacher(run, out.resolve(TEACHER));
    log.info("checkpoint at iteration {}: {}", nextIteration, out.resolve(CHECKPOINT));
  }

  static Map<String, Object> iterRecord(StepStats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "iter");
    m.put("iteration", s.iteration());
    m.put("epoch", s.epoch());
    m.put("dino_loss", s.dinoLoss());
    m.put("semantic_loss", s.semanticLoss());
    m.put("part_accuracy", Double.isNaN(s.partAccuracy()) ? null : s.partAccuracy());
    m.put("kept", s.kept());
    m.put("kept_lambda", s.keptLambda());
    m.put("lr", s.lr());
    m.put("wd", s.weightDecay());
    m.put("momentum", s.momentum());
    m.put("grad_norm", s.gradNorm());
    m.put("update_norm", s.updateNorm());
    m.put("param_norm", s.paramNorm());
    m.put("seconds", s.seconds());
    return m;
  }

  /** Averages over an epoch; semantic loss and accuracy over the steps that kept a view (as the release). */
  static final class EpochMeter {
    private double dino;
    private double semantic;
    private double acc;
    private double kept;
    private double keptLambda;
    private double seconds;
    private int n;
    private int withKept;

    void add(StepStats s) {
      n++;
      dino += s.dinoLoss();
      kept += s.kept();
      seconds += s.seconds();
      if (s.kept() > 0) {
        withKept++;
        semantic += s.semanticLoss();
        keptLambda += s.keptLambda();
        acc += s.partAccuracy();
      }
    }

    Map<String, Double> averages() {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("dino_loss", n == 0 ? Double.NaN : dino / n);
      m.put("semantic_loss", withKept == 0 ? Double.NaN : semantic / withKept);
      // Cross-entropy per λ = 1 token: the semantic loss without the λ draw's noise.
      m.put("semantic_ce", keptLambda == 0 ? Double.NaN : semantic / keptLambda);
      m.put("part_accuracy", withKept == 0 ? Double.NaN : acc / withKept);
      m.put("kept", n == 0 ? Double.NaN : kept / n);
      m.put("seconds_per_step", n == 0 ? Double.NaN : seconds / n);
      return m;
    }
  }
}
