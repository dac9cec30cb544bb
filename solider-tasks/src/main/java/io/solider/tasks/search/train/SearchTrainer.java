package io.solider.tasks.search.train;

import io.solider.nn.train.EvaluationPlan;
import io.solider.nn.train.Position;
import io.solider.nn.train.PrefetchingLoader;
import io.solider.nn.train.Provenance;
import io.solider.nn.train.RunFolder;
import io.solider.nn.train.TrainingListener;
import io.solider.nn.train.TrainingLoop;
import io.solider.nn.train.TrainingOptions;
import io.solider.nn.train.TrainingResult;
import io.solider.tasks.search.SearchInference;
import io.solider.tasks.search.data.SearchDataset;
import io.solider.tasks.search.data.SearchExchange;
import io.solider.tasks.search.data.SearchSample;
import io.solider.tasks.search.data.SearchTrainLoader;
import io.solider.tasks.search.head.SearchDetector;
import io.solider.tasks.search.loss.OimLoss;
import io.solider.tasks.search.metric.SearchEvaluation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains person search with the SOLIDER-PersonSearch recipe on a data set's training scenes and
 * evaluates it with the release's protocol on the test split: the run ({@link SearchTraining},
 * fresh or resumed), the scenes ({@link SearchTrainLoader}) and the evaluation
 * ({@link SearchInference}, its exchange files in the run folder's {@code eval/}) handed to the
 * shared {@link TrainingLoop}. The run folder holds {@value SearchCheckpoint#MODEL} (release
 * layout) besides the layer's files.
 */
public final class SearchTrainer {

  private static final Logger log = LoggerFactory.getLogger(SearchTrainer.class);

  /** Prefetched batches. */
  private static final int PREFETCH = 2;

  private final SearchTrainConfig config;
  private final TrainingOptions options;
  private final EvaluationPlan evaluation;
  private final List<TrainingListener<? super SearchTraining, ? super SearchStepStats>> listeners = new ArrayList<>();

  public SearchTrainer(SearchTrainConfig config, TrainingOptions options, EvaluationPlan evaluation) {
    this.config = config;
    this.options = options;
    this.evaluation = evaluation;
  }

  public SearchTrainer addListener(TrainingListener<? super SearchTraining, ? super SearchStepStats> l) {
    listeners.add(l);
    return this;
  }

  /**
   * Trains until the configured epochs (or {@code maxIterations}) are done.
   *
   * @throws IllegalArgumentException when there are too few training scenes for a batch, or a
   *     training identity does not fit OIM's tables
   * @throws io.solider.nn.train.NonFiniteLossException when a loss term goes bad (the checkpoint
   *     keeps the last good state)
   */
  public TrainingResult<SearchTraining, SearchStepStats> train(SearchDataset data) throws IOException {
    List<SearchTrainLoader.Scene> scenes = SearchTrainLoader.scenes(data);
    RunFolder folder = RunFolder.open(options.output());
    SearchTraining run;
    Position start = Position.START;
    if (options.resume() && folder.hasCheckpoint()) {
      SearchCheckpoint.Restored r = SearchCheckpoint.read(folder.checkpoint(), c -> iterations(scenes, c));
      run = r.run();
      start = r.next();
      log.info("resumed from {} at {}", folder.checkpoint(), start);
    } else {
      if (options.resume()) {
        log.warn("--resume: no {} yet, starting from scratch", folder.checkpoint());
      }
      run = SearchTraining.create(config, iterations(scenes, config));
      log.info("person-search model: {} trunk parameters (shared with the box head), re-id head copy, OIM {}{}",
          run.model().trunk().parameterCount(), run.model().oim(),
          config.model().pretrained() != null ? ", backbone from " + config.model().pretrained() : ", random backbone");
    }
    SearchTrainConfig cfg = run.config();
    checkLabels(scenes, run.model().oim(), data.name());
    folder.recordProvenance(Provenance.capture(options.commandLine(), cfg, summary(data)));
    try (PrefetchingLoader<SearchSample, SearchTrainLoader.Batch> loader = SearchTrainLoader.create(scenes,
        cfg.input().transform(), cfg.input().batchSize(), options.workers(), PREFETCH, cfg.seed())) {
      return TrainingLoop.builder("person-search training", run, loader, cfg.schedule().epochs(), folder, options)
          .start(start)
          .evaluation(r -> evaluate(r, data, folder), evaluation)
          .listeners(listeners)
          .build()
          .run();
    }
  }

  private static int iterations(List<SearchTrainLoader.Scene> scenes, SearchTrainConfig c) {
    int n = scenes.size() / c.input().batchSize();
    if (n == 0) {
      throw new IllegalArgumentException(scenes.size() + " training scenes are fewer than one batch of "
          + c.input().batchSize());
    }
    return n;
  }

  /** Every training identity must have a LUT row or (PRW's quirk) a queue column. */
  private static void checkLabels(List<SearchTrainLoader.Scene> scenes, OimLoss oim, String name) {
    for (SearchTrainLoader.Scene s : scenes) {
      for (int l : s.labels()) {
        if (l != SearchExchange.UNLABELLED && l - 1 >= oim.lutSize() + oim.queueSize()) {
          throw new IllegalArgumentException(name + ": training identity " + l + " in " + s.image().getFileName()
              + " is beyond OIM's " + oim.lutSize() + " LUT rows and " + oim.queueSize()
              + " queue columns (give a larger --lut-size)");
        }
      }
    }
  }

  /** The release's test protocol on the current model at the run's λ; exchange files in {@code eval/}. */
  static SearchEvaluation evaluate(SearchTraining run, SearchDataset data, RunFolder folder) throws IOException {
    SearchTrainConfig c = run.config();
    SearchDetector detector = new SearchDetector(run.network(), c.input().transform(), c.detector().rpnTest(),
        c.detector().detections(), c.model().semanticWeight());
    return SearchInference.test(detector, data, folder.file("eval"));
  }

  private static Map<String, Object> summary(SearchDataset data) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", data.name());
    m.put("train_scenes", data.train().size());
    m.put("gallery_scenes", data.gallery().size());
    m.put("queries", data.queries().size());
    return m;
  }
}
