package io.solider.tasks.reid.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.io.AtomicFiles;
import io.solider.nn.progress.ProgressLog;
import io.solider.nn.train.NonFiniteLossException;
import io.solider.tasks.common.ImageSource;
import io.solider.tasks.reid.data.IdentitySampler;
import io.solider.tasks.reid.data.ReidAugmentation;
import io.solider.tasks.reid.data.ReidSample;
import io.solider.tasks.reid.data.ReidSplits;
import io.solider.tasks.reid.data.ReidTrainLoader;
import io.solider.tasks.reid.metric.ReidEvaluation;
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
 * Trains a re-id model on a data set's training split and evaluates it on query/gallery:
 * data (P × K sampler, augmentation) → model and SGD ({@link ReidTraining}) → resume → for each
 * epoch: train, checkpoint, log, optionally evaluate → final evaluation.
 *
 * <p>Files in the output folder: {@code model.pth} (release layout), {@code checkpoint.pth} (full
 * state, see {@link ReidCheckpoint}), {@code log.jsonl} (one JSON object per step,
 * {@code "type":"iter"}, per epoch, {@code "type":"epoch"}, per evaluation, {@code "type":"eval"}),
 * {@code metrics.json} (evaluation at the end of the call, also when {@code maxIterations}
 * stopped it) and, if asked, {@code metrics_initial.json}.
 */
public final class ReidTrainer {

  private static final Logger log = LoggerFactory.getLogger(ReidTrainer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  public static final String MODEL = "model.pth";
  public static final String CHECKPOINT = "checkpoint.pth";
  public static final String LOG = "log.jsonl";
  public static final String METRICS = "metrics.json";
  public static final String METRICS_INITIAL = "metrics_initial.json";

  private final ReidTrainConfig config;
  private final ReidTrainOptions options;
  private final List<ReidTrainingListener> listeners = new ArrayList<>();

  public ReidTrainer(ReidTrainConfig config, ReidTrainOptions options) {
    this.config = config;
    this.options = options;
  }

  public ReidTrainer addListener(ReidTrainingListener l) {
    listeners.add(l);
    return this;
  }

  /**
   * The outcome of {@link #train}.
   *
   * @param run the trained model and optimiser state
   * @param steps the steps run by this call
   * @param initial evaluation before training (null unless asked)
   * @param evaluation evaluation at the end of this call: after the last epoch, or where
   *     {@code maxIterations} stopped it (null if not asked)
   */
  public record Result(ReidTraining run, List<ReidStepStats> steps, ReidEvaluation initial,
      ReidEvaluation evaluation) {}

  /**
   * Trains until the configured epochs (or {@code maxIterations}) are done.
   *
   * @throws NonFiniteLossException when a loss term goes bad (checkpoint.pth keeps the last good state)
   */
  public Result train(ReidSplits data) throws IOException {
    Path out = options.output();
    Files.createDirectories(out);
    if (data.train().isEmpty()) {
      throw new IllegalArgumentException(data.name() + ": no training images");
    }
    // ============ model, optimiser (fresh or resumed) ============
    Path ckpt = out.resolve(CHECKPOINT);
    ReidTraining run;
    ReidCheckpoint.Position pos;
    int classes = data.trainIdentities();
    if (options.resume() && Files.exists(ckpt)) {
      ReidCheckpoint.Restored r = ReidCheckpoint.read(ckpt);
      run = r.run();
      pos = r.next();
      if (run.model().head().classes() != classes) {
        throw new IllegalArgumentException(ckpt + " has a classifier for " + run.model().head().classes()
            + " identities, the training data has " + classes + " (same data needed to resume)");
      }
      log.info("resumed from {} at epoch {} batch {} (iteration {})", ckpt, pos.epoch(), pos.batch(),
          pos.iteration());
    } else {
      if (options.resume()) {
        log.warn("--resume: no {} yet, starting from scratch", ckpt);
      }
      run = ReidTraining.create(config, classes);
      pos = new ReidCheckpoint.Position(0, 0, 0);
      log.info("re-id model: {} backbone parameters, head {} → {} identities{}", run.model().backbone()
          .parameterCount(), run.model().head().dim(), classes,
          config.pretrained() != null ? ", backbone from " + config.pretrained() : ", random backbone");
    }
    ReidTrainConfig cfg = run.config();
    // ============ data ============
    List<ReidSample> train = data.train();
    IdentitySampler sampler = new IdentitySampler(train.stream().mapToInt(ReidSample::pid).toArray(),
        cfg.identitiesPerBatch(), cfg.imagesPerIdentity());
    ReidAugmentation aug = new ReidAugmentation(cfg.height(), cfg.width(), cfg.flipProbability(), cfg.padding(),
        cfg.erasingProbability(), ImageNormalization.half());
    ReidEvaluation initial = null;
    ReidEvaluation finalEval = null;
    List<ReidStepStats> steps = new ArrayList<>();
    if (options.evaluateBefore() && pos.iteration() == 0) {
      initial = evaluate(run, data, -1, out.resolve(METRICS_INITIAL));
    }
    long estimatedPerEpoch = sampler.estimatedSamples() / sampler.batchSize();
    long estimatedTotal = Math.max(1, estimatedPerEpoch * cfg.epochs() - pos.iteration());
    if (options.maxIterations() > 0) {
      estimatedTotal = Math.min(estimatedTotal, options.maxIterations() - pos.iteration());
    }
    ProgressLog progress = new ProgressLog(log, "re-id training", "images", estimatedTotal * cfg.batchSize(),
        options.progressInterval());
    log.info("training {} images of {} identities, batches of {} × {}, epochs {}..{}, base lr {}", train.size(),
        classes, cfg.identitiesPerBatch(), cfg.imagesPerIdentity(), pos.epoch(), cfg.epochs() - 1, cfg.baseLr());
    boolean stopped = false;
    try (ReidTrainLoader loader = new ReidTrainLoader(train, sampler, aug, options.workers(), 2, cfg.seed());
        Writer jsonl = Files.newBufferedWriter(out.resolve(LOG), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND)) {
      long it = pos.iteration();
      int epoch = pos.epoch();
      int first = pos.batch();
      while (epoch < cfg.epochs() && !stopped) {
        if (options.maxIterations() > 0 && it >= options.maxIterations()) {
          stopped = true;
          break;
        }
        EpochMeter meter = new EpochMeter();
        Iterator<ReidTrainLoader.Batch> batches = loader.epoch(epoch, first);
        int b = first;
        while (batches.hasNext()) {
          if (options.maxIterations() > 0 && it >= options.maxIterations()) {
            stopped = true;
            break;
          }
          ReidStepStats s;
          try {
            s = run.step(batches.next(), it, epoch, b);
          } catch (NonFiniteLossException e) {
            log.error("{}", e.getMessage());
            throw e;
          }
          it++;
          b++;
          steps.add(s);
          meter.add(s);
          jsonl.write(JSON.writeValueAsString(iterRecord(s)) + "\n");
          jsonl.flush();
          progress.advance(s.images());
          for (ReidTrainingListener l : listeners) {
            l.onStep(s, run);
          }
          if (options.gcEveryStep()) {
            System.gc();
          }
        }
        boolean complete = !stopped;
        ReidCheckpoint.Position next = complete ? new ReidCheckpoint.Position(epoch + 1, 0, it)
            : new ReidCheckpoint.Position(epoch, b, it);
        // ============ end of epoch (or of this run): checkpoint, model, log ============
        save(run, next, out);
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("type", "epoch");
        rec.put("epoch", epoch);
        rec.put("complete", complete);
        Map<String, Double> avg = meter.averages();
        avg.forEach((k, v) -> rec.put(k, Double.isFinite(v) ? v : null));
        jsonl.write(JSON.writeValueAsString(rec) + "\n");
        jsonl.flush();
        log.info("epoch {}{}: loss {} (id {}, triplet {}), accuracy {}, lr {}", epoch, complete ? "" : " (partial)",
            fmt(avg.get("loss")), fmt(avg.get("id_loss")), fmt(avg.get("triplet_loss")), fmt(avg.get("accuracy")),
            avg.get("lr"));
        for (ReidTrainingListener l : listeners) {
          l.onEpoch(epoch, avg);
        }
        if (complete && cfg.evalEvery() > 0 && (epoch + 1) % cfg.evalEvery() == 0 && epoch + 1 < cfg.epochs()) {
          ReidEvaluation e = evaluate(run, data, epoch + 1, out.resolve("metrics_epoch" + (epoch + 1) + ".json"));
          jsonl.write(JSON.writeValueAsString(evalRecord(epoch + 1, e)) + "\n");
          jsonl.flush();
        }
        if (complete) {
          epoch++;
          first = 0;
        }
      }
      if (options.evaluateAtEnd()) {
        // After the last epoch, or where --max-iterations stopped this run (epoch = epochs completed).
        int done = stopped ? epoch : cfg.epochs();
        finalEval = evaluate(run, data, done, out.resolve(METRICS));
        jsonl.write(JSON.writeValueAsString(evalRecord(done, finalEval)) + "\n");
        jsonl.flush();
      }
    }
    return new Result(run, steps, initial, finalEval);
  }

  private static String fmt(Double v) {
    return v == null || !Double.isFinite(v) ? "-" : String.format("%.4f", v);
  }

  private ReidEvaluation evaluate(ReidTraining run, ReidSplits data, int epoch, Path file) throws IOException {
    long t0 = System.nanoTime();
    ReidTrainConfig cfg = run.config();
    ImageSource source = new ImageSource();
    ReidFeatures.Extracted q = ReidFeatures.extract(run.recomputing(), data.query(), cfg.height(), cfg.width(),
        cfg.semanticWeight(), options.evalBatch(), source);
    ReidFeatures.Extracted g = ReidFeatures.extract(run.recomputing(), data.gallery(), cfg.height(), cfg.width(),
        cfg.semanticWeight(), options.evalBatch(), source);
    ReidEvaluation e = ReidFeatures.evaluate(q, g);
    writeMetrics(e, epoch, file);
    log.info("evaluation{}: {} ({} query, {} gallery images, {}s); wrote {}",
        epoch < 0 ? " before training" : " after epoch " + epoch, e, q.features().length, g.features().length,
        String.format("%.1f", (System.nanoTime() - t0) / 1e9), file);
    for (ReidTrainingListener l : listeners) {
      l.onEvaluation(epoch, e);
    }
    return e;
  }

  /** Writes metrics as reid-eval does (mAP, rank1/5/10, cmc, num_valid_queries) plus the epoch, atomically. */
  static void writeMetrics(ReidEvaluation e, int epoch, Path file) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("epoch", epoch);
    json.put("mAP", e.mAP());
    json.put("rank1", e.rank(1));
    json.put("rank5", e.rank(5));
    json.put("rank10", e.rank(10));
    json.put("cmc", e.cmc());
    json.put("num_valid_queries", e.validQueries());
    Path tmp = AtomicFiles.tempSibling(file);
    try {
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), json);
      AtomicFiles.moveIntoPlace(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void save(ReidTraining run, ReidCheckpoint.Position next, Path out) throws IOException {
    ReidCheckpoint.write(run, next, out.resolve(CHECKPOINT));
    ReidCheckpoint.writeModel(run.model(), out.resolve(MODEL));
    log.info("checkpoint before epoch {} batch {} (iteration {}): {}", next.epoch(), next.batch(), next.iteration(),
        out.resolve(CHECKPOINT));
  }

  static Map<String, Object> iterRecord(ReidStepStats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "iter");
    m.put("iteration", s.iteration());
    m.put("epoch", s.epoch());
    m.put("batch", s.batchInEpoch());
    m.put("loss", s.loss());
    m.put("id_loss", s.idLoss());
    m.put("triplet_loss", s.tripletLoss());
    m.put("accuracy", s.accuracy());
    m.put("d_ap", s.positiveDistance());
    m.put("d_an", s.negativeDistance());
    m.put("lr", s.lr());
    m.put("grad_norm", s.gradNorm());
    m.put("images", s.images());
    m.put("seconds", s.seconds());
    return m;
  }

  static Map<String, Object> evalRecord(int epoch, ReidEvaluation e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "eval");
    m.put("epoch", epoch);
    m.put("mAP", e.mAP());
    m.put("rank1", e.rank(1));
    m.put("rank5", e.rank(5));
    m.put("rank10", e.rank(10));
    return m;
  }

  /** Averages over an epoch. */
  static final class EpochMeter {
    private double loss;
    private double id;
    private double tri;
    private double acc;
    private double seconds;
    private double images;
    private double lr = Double.NaN;
    private int n;

    void add(ReidStepStats s) {
      n++;
      loss += s.loss();
      id += s.idLoss();
      tri += s.tripletLoss();
      acc += s.accuracy();
      seconds += s.seconds();
      images += s.images();
      lr = s.lr();
    }

    Map<String, Double> averages() {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("loss", n == 0 ? Double.NaN : loss / n);
      m.put("id_loss", n == 0 ? Double.NaN : id / n);
      m.put("triplet_loss", n == 0 ? Double.NaN : tri / n);
      m.put("accuracy", n == 0 ? Double.NaN : acc / n);
      m.put("lr", lr);
      m.put("steps", (double) n);
      m.put("images_per_second", seconds == 0 ? Double.NaN : images / seconds);
      return m;
    }
  }
}
