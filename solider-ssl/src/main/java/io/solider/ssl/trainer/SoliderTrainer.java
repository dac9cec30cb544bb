package io.solider.ssl.trainer;

import io.solider.nn.train.Position;
import io.solider.nn.train.Provenance;
import io.solider.nn.train.RunFolder;
import io.solider.nn.train.StepMeter;
import io.solider.nn.train.TrainingListener;
import io.solider.nn.train.TrainingLoop;
import io.solider.nn.train.TrainingOptions;
import io.solider.nn.train.TrainingResult;
import io.solider.ssl.augment.MultiCropLoader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs SOLIDER pretraining on a loader: the networks, loss, optimiser and schedules
 * ({@link SoliderPretraining}, fresh or resumed) handed to the shared {@link TrainingLoop}. The run
 * folder holds {@value PretrainCheckpoint#TEACHER} (the teacher in the release's layout, rewritten
 * with every checkpoint) besides the layer's files (checkpoint, log, provenance).
 */
public final class SoliderTrainer {

  private static final Logger log = LoggerFactory.getLogger(SoliderTrainer.class);

  private final PretrainConfig config;
  private final TrainingOptions options;
  private final boolean recompute;
  private final List<TrainingListener<? super SoliderPretraining, ? super StepStats>> listeners = new ArrayList<>();

  /**
   * @param recompute recompute the student's backbone block by block ({@link RecomputingStudent}:
   *     same numbers, far less memory) instead of keeping every activation ({@link StudentGraph})
   */
  public SoliderTrainer(PretrainConfig config, TrainingOptions options, boolean recompute) {
    this.config = config;
    this.options = options;
    this.recompute = recompute;
  }

  /** With the recomputing student. */
  public SoliderTrainer(PretrainConfig config, TrainingOptions options) {
    this(config, options, true);
  }

  public SoliderTrainer addListener(TrainingListener<? super SoliderPretraining, ? super StepStats> l) {
    listeners.add(l);
    return this;
  }

  /**
   * Trains until the configured epochs (or {@code maxIterations}) are done.
   *
   * @throws io.solider.nn.train.NonFiniteLossException when a loss term goes bad (the checkpoint
   *     keeps the last good state)
   */
  public TrainingResult<SoliderPretraining, StepStats> train(MultiCropLoader loader) throws IOException {
    RunFolder folder = RunFolder.open(options.output());
    int ipe = loader.batchesPerEpoch();
    SoliderPretraining run;
    Position start = Position.START;
    if (options.resume() && folder.hasCheckpoint()) {
      PretrainCheckpoint.Restored r = PretrainCheckpoint.read(folder.checkpoint(), recompute);
      run = r.run();
      start = r.next();
      if (run.itersPerEpoch() != ipe) {
        throw new IllegalArgumentException(folder.checkpoint() + " was written with " + run.itersPerEpoch()
            + " iterations per epoch, the data now gives " + ipe + " (same folder and batch size needed to resume)");
      }
      log.info("resumed from {} at {}", folder.checkpoint(), start);
    } else {
      if (options.resume()) {
        log.warn("--resume: no {} yet, starting from scratch", folder.checkpoint());
      }
      run = SoliderPretraining.create(config, ipe, recompute);
      log.info("student and teacher built: {} parameters in the student graph",
          run.student().parameters().values().stream().mapToLong(a -> a.length()).sum());
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("images", loader.size());
    data.put("batches_per_epoch", ipe);
    folder.recordProvenance(Provenance.capture(options.commandLine(), run.config(), data));
    log.info("training {} images, {} iterations per epoch, peak lr {}", loader.size(), ipe, run.config().peakLr());
    return TrainingLoop.builder("pretraining", run, loader, run.config().schedule().epochs(), folder, options)
        .start(start)
        .meter(EpochMeter::new)
        .listeners(listeners)
        .build()
        .run();
  }

  /** Averages over an epoch; semantic loss and accuracy over the steps that kept a view (as the release). */
  static final class EpochMeter implements StepMeter<StepStats> {
    private double dino;
    private double semantic;
    private double acc;
    private double kept;
    private double keptLambda;
    private double seconds;
    private int n;
    private int withKept;

    @Override
    public void add(StepStats s) {
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

    @Override
    public Map<String, Double> averages() {
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
