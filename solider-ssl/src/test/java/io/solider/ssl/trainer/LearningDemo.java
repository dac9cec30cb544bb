package io.solider.ssl.trainer;

import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.image.Images;
import io.solider.ssl.augment.MultiCropConfig;
import io.solider.ssl.augment.MultiCropLoader;
import io.solider.ssl.augment.SyntheticPeople;
import io.solider.ssl.cluster.SemanticClustering;
import io.solider.ssl.heads.HeadConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learning proof on synthetic people (test-scope main): trains a small config on CPU and reports
 * the DINO and semantic losses per epoch and how well the clustering's part maps (teacher, λ = 1,
 * on un-augmented images) agree with the generator's true head/torso/legs, as mean IoU per part,
 * before and after training.
 *
 * <p>Args: output-dir [images] [epochs] [batch] [base-lr] [teacher-momentum] [train-part-classifier].
 */
public final class LearningDemo {

  private static final Logger log = LoggerFactory.getLogger(LearningDemo.class);

  private LearningDemo() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    int images = args.length > 1 ? Integer.parseInt(args[1]) : 48;
    int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    double baseLr = args.length > 4 ? Double.parseDouble(args[4]) : 0.03;
    double momentum = args.length > 5 ? Double.parseDouble(args[5]) : 0.996;
    boolean trainParts = args.length > 6 && Boolean.parseBoolean(args[6]);
    int gh = 192;
    int gw = 96;
    List<Path> files = SyntheticPeople.writeFolder(out.resolve("data"), images, 240, 120, 7);
    SwinConfig arch = SwinConfig.of(16, List.of(1, 1, 2, 1), List.of(1, 2, 2, 4)).withDropPathRate(0.1);
    MultiCropConfig crops = MultiCropConfig.release().withSizes(gh, gw, 96, 48).withLocalCrops(2);
    PretrainConfig cfg = PretrainConfig.release(arch).withCrops(crops)
        .withHeads(new HeadConfig(64, 32, 3, 256), new HeadConfig(64, 32, 3, 4))
        .withSchedule(epochs, batch, 1).withLr(baseLr, 1e-5).withSeed(3).withTeacherMomentum(momentum)
        .withTrainPartClassifier(trainParts);
    Eval eval = new Eval(gh, gw, 16, 99);
    SoliderTrainer trainer = new SoliderTrainer(cfg, TrainerOptions.of(out.resolve("run")));
    final double[] before = new double[4];
    trainer.addListener(new TrainingListener() {
      @Override
      public void onStep(StepStats s, SoliderPretraining run) {
        if (s.iteration() == 0) {
          // Teacher after step 0 = initial weights moved by (1 − m)·0 (lr is 0 in the first warm-up step).
          System.arraycopy(eval.iou(run), 0, before, 0, 4);
          log.info("part-map IoU at step 0: head {} torso {} legs {} (mean {})", before[1], before[2], before[3],
              before[0]);
        }
      }

      @Override
      public void onEpoch(int epoch, java.util.Map<String, Double> avg) {
        log.info("EPOCH {} dino {} semantic {} semantic-ce(λ=1) {} acc {} kept {}", epoch, avg.get("dino_loss"),
            avg.get("semantic_loss"), avg.get("semantic_ce"), avg.get("part_accuracy"), avg.get("kept"));
      }
    });
    try (MultiCropLoader loader = new MultiCropLoader(files, crops, batch, 2, 2, cfg.seed())) {
      SoliderTrainer.Result r = trainer.train(loader);
      double[] after = eval.iou(r.run());
      log.info("part-map IoU after training: head {} torso {} legs {} (mean {}); before: {}", after[1], after[2],
          after[3], after[0], Arrays.toString(before));
    }
  }

  /** Mean IoU per part between clustered part maps and the true parts, on fixed un-augmented images. */
  static final class Eval {
    private final INDArray images;
    private final int[][][] truth;
    private final int th;
    private final int tw;

    Eval(int h, int w, int n, long seed) {
      SplittableRandom rng = new SplittableRandom(seed);
      float[] data = new float[n * 3 * h * w];
      th = h / 32;
      tw = w / 32;
      truth = new int[n][th][tw];
      for (int i = 0; i < n; i++) {
        SyntheticPeople.Person p = SyntheticPeople.draw(h, w, rng);
        Images.toChw(p.image(), ImageNormalization.imagenet(), data, i * 3 * h * w);
        for (int y = 0; y < th; y++) {
          for (int x = 0; x < tw; x++) {
            int[] count = new int[4];
            for (int yy = 0; yy < 32; yy++) {
              for (int xx = 0; xx < 32; xx++) {
                count[p.parts()[y * 32 + yy][x * 32 + xx]]++;
              }
            }
            // A token belongs to the part covering most of its patch, background if no part covers a quarter.
            int best = 0;
            for (int k = 1; k < 4; k++) {
              if (count[k] > count[best] || best == 0 && count[k] >= 256) {
                best = k;
              }
            }
            truth[i][y][x] = count[best] >= 256 ? best : 0;
          }
        }
      }
      images = Nd4j.create(data, new long[] {n, 3, h, w}, 'c');
    }

    /** [mean, head, torso, legs] IoU over kept images (not-kept images count as all background). */
    double[] iou(SoliderPretraining run) {
      int n = (int) images.size(0);
      float[] ones = new float[2 * n];
      for (int i = 0; i < n; i++) {
        ones[2 * i] = 1f;
      }
      INDArray sw = Nd4j.create(ones, new long[] {n, 2}, 'c');
      INDArray feats = run.teacher().forward(images, sw).lastStage();
      SemanticClustering.Masks m = SemanticClustering.of(3).masks(feats, new SplittableRandom(0));
      int[][][] pred = new int[n][th][tw];
      for (int j = 0; j < m.keptCount(); j++) {
        pred[m.kept()[j]] = m.labels()[j];
      }
      double[] res = new double[4];
      for (int k = 1; k <= 3; k++) {
        long inter = 0;
        long union = 0;
        for (int i = 0; i < n; i++) {
          for (int y = 0; y < th; y++) {
            for (int x = 0; x < tw; x++) {
              boolean a = pred[i][y][x] == k;
              boolean b = truth[i][y][x] == k;
              inter += a && b ? 1 : 0;
              union += a || b ? 1 : 0;
            }
          }
        }
        res[k] = union == 0 ? 0 : (double) inter / union;
      }
      res[0] = (res[1] + res[2] + res[3]) / 3;
      return res;
    }
  }
}
