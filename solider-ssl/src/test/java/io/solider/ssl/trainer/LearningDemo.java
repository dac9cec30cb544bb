package io.solider.ssl.trainer;

import io.solider.nn.train.TrainingListener;
import io.solider.nn.train.TrainingOptions;
import io.solider.nn.backbone.SwinConfig;
import io.solider.ssl.augment.MultiCropConfig;
import io.solider.ssl.augment.MultiCropLoader;
import io.solider.ssl.augment.SyntheticPeople;
import io.solider.ssl.heads.HeadConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learning proof on synthetic people (test-scope main): trains a small config on CPU and reports
 * the DINO and semantic losses per epoch and how well the clustering's part maps agree with the
 * generator's true head/torso/legs ({@link PartMapEval}), for the teacher (what the release
 * clusters with) and the student, at step 0 and after every epoch.
 *
 * <p>Args, {@code key=value}: out (required), images 48, epochs 10, batch 8, lr 0.03 (base lr,
 * scaled by batch/256), momentum 0.996, trainParts false, h 256, w 128, torso 0.8 (torso width /
 * image width of the synthetic people), warmup 1, locals 2, evalImages 32, resume false (continue
 * from out/run/checkpoint.pth).
 */
public final class LearningDemo {

  private static final Logger log = LoggerFactory.getLogger(LearningDemo.class);

  private LearningDemo() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new LinkedHashMap<>();
    for (String s : args) {
      int eq = s.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("arguments are key=value, got " + s);
      }
      a.put(s.substring(0, eq), s.substring(eq + 1));
    }
    Path out = Path.of(a.get("out"));
    int images = Integer.parseInt(a.getOrDefault("images", "48"));
    int epochs = Integer.parseInt(a.getOrDefault("epochs", "10"));
    int batch = Integer.parseInt(a.getOrDefault("batch", "8"));
    double baseLr = Double.parseDouble(a.getOrDefault("lr", "0.03"));
    double momentum = Double.parseDouble(a.getOrDefault("momentum", "0.996"));
    boolean trainParts = Boolean.parseBoolean(a.getOrDefault("trainParts", "false"));
    int gh = Integer.parseInt(a.getOrDefault("h", "256"));
    int gw = Integer.parseInt(a.getOrDefault("w", "128"));
    double torso = Double.parseDouble(a.getOrDefault("torso", "0.8"));
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "1"));
    int locals = Integer.parseInt(a.getOrDefault("locals", "2"));
    int evalImages = Integer.parseInt(a.getOrDefault("evalImages", "32"));
    boolean resume = Boolean.parseBoolean(a.getOrDefault("resume", "false"));
    log.info("learning demo: {}", a);
    // Stored at 1.25× the crop size, so random resized crops of scale 0.8–1 cover most of the person.
    List<Path> files = SyntheticPeople.writeFolder(out.resolve("data"), images, gh * 5 / 4, gw * 5 / 4, torso, 7);
    SwinConfig arch = SwinConfig.of(16, List.of(1, 1, 2, 1), List.of(1, 2, 2, 4)).withDropPathRate(0.1);
    MultiCropConfig crops = MultiCropConfig.release().withSizes(gh, gw, gh / 2, gw / 2).withLocalCrops(locals);
    PretrainConfig cfg = PretrainConfig.release(arch).toBuilder().crops(crops)
        .heads(HeadConfig.dino().withWidths(64, 32).withOutDim(256), HeadConfig.partClassifier(3).withWidths(64, 32))
        .epochs(epochs, warmup).batchSize(batch).lr(baseLr, 1e-5).seed(3).teacherMomentum(momentum)
        .trainPartClassifier(trainParts).build();
    PartMapEval eval = new PartMapEval(gh, gw, torso, evalImages, 99);
    SoliderTrainer trainer = new SoliderTrainer(cfg, TrainingOptions.builder(out.resolve("run")).resume(resume).build());
    SoliderPretraining[] current = new SoliderPretraining[1];
    trainer.addListener(new TrainingListener<SoliderPretraining, StepStats>() {
      @Override
      public void onStep(SoliderPretraining run, StepStats s) {
        current[0] = run;
        if (s.iteration() == 0) {
          // lr is 0 in the first warm-up step, so teacher and student still hold the initial weights.
          report("step 0", run, eval);
        }
      }

      @Override
      public void onEpoch(int epoch, boolean complete, Map<String, Double> avg) {
        log.info("EPOCH {} dino {} semantic {} semantic-ce(λ=1) {} acc {} kept {}", epoch, avg.get("dino_loss"),
            avg.get("semantic_loss"), avg.get("semantic_ce"), avg.get("part_accuracy"), avg.get("kept"));
        report("epoch " + epoch, current[0], eval);
      }
    });
    try (MultiCropLoader loader = new MultiCropLoader(files, crops, batch, 2, 2, cfg.seed())) {
      trainer.train(loader);
    }
  }

  static void report(String when, SoliderPretraining run, PartMapEval eval) {
    log.info("PARTS {} teacher: {}", when, eval.evaluate(run.teacher()).format());
    Map<String, INDArray> sp = run.student().parameters();
    Map<String, INDArray> copy = new LinkedHashMap<>();
    for (String k : run.student().trainable(false)) {
      copy.put(k, sp.get(k).dup());
    }
    TeacherGraph asTeacher = TeacherGraph.build(run.config(), copy);
    log.info("PARTS {} student: {}", when, eval.evaluate(asTeacher).format());
  }
}
