package io.solider.bench.tasks;

import io.solider.nn.image.ImageSize;
import io.solider.tasks.search.data.RcnnTransform;
import io.solider.tasks.search.data.SearchExchange;
import io.solider.tasks.search.data.SearchSample;
import io.solider.tasks.search.data.SearchTrainLoader;
import io.solider.tasks.search.data.SearchTrainTransform;
import io.solider.tasks.search.head.ProposalFilter;
import io.solider.tasks.search.head.SearchDetector;
import io.solider.tasks.search.head.SearchPostProcess;
import io.solider.tasks.search.train.SearchTrainConfig;
import io.solider.tasks.search.train.SearchTraining;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Person search: SeqNet on the trunk (stages 0–2), RPN, box head and re-id head (stage 3 each),
 * the release's CUHK-SYSU recipe (2000 training proposals, 256 anchors and 128 RoIs per image).
 */
final class SearchWorkloads implements TaskWorkloads {

  /** Labelled people per synthetic scene; one unlabelled passer-by is added to each. */
  private static final int PEOPLE = 3;

  @Override
  public String task() {
    return "search";
  }

  /** {@code INPUT.MIN_SIZE} 900 / {@code MAX_SIZE} 1500: the largest input the release's resize gives. */
  @Override
  public ImageSize releaseSize() {
    return new ImageSize(900, 1500);
  }

  /** run.sh's batch for Swin-T. */
  @Override
  public int releaseBatch() {
    return 4;
  }

  @Override
  public String description() {
    return "trunk (stages 0-2) + RPN + RoI Align + box head and re-id head (stage 3 each), NAE, "
        + "RPN/proposal/box losses and OIM (CUHK-SYSU tables), SGD with clipping; inference: one scene "
        + "through trunk, RPN (6000 -> 300 proposals), both RoI heads and post-processing";
  }

  @Override
  public TaskWorkload create(Spec spec) throws IOException {
    int h = spec.size().height();
    int w = spec.size().width();
    SearchTrainConfig config = SearchTrainConfig.release(SearchTrainConfig.Dataset.CUHK_SYSU, spec.arch()).toBuilder()
        .input(new SearchTrainConfig.Input(Math.min(h, w), Math.max(h, w), spec.trainBatch()))
        .seed(spec.seed())
        .build();
    SearchTraining training = SearchTraining.create(config, 1000);
    RcnnTransform transform = config.input().transform();
    SplittableRandom rng = new SplittableRandom(spec.seed());
    List<SearchSample> samples = new ArrayList<>();
    for (int i = 0; i < spec.trainBatch(); i++) {
      samples.add(transform.apply(scene(h, w, i, rng)));
    }
    SearchTrainLoader.Batch batch = SearchTrainLoader.assemble(transform, samples,
        IntStream.range(0, spec.trainBatch()).toArray());
    List<BufferedImage> scenes = new ArrayList<>();
    for (int i = 0; i < spec.inferBatch(); i++) {
      scenes.add(image(h, w, rng));
    }
    SearchDetector detector = new SearchDetector(training.network(), transform, ProposalFilter.testing(),
        SearchPostProcess.seqNet(), config.model().semanticWeight());
    return TaskWorkload.of(at -> training.step(batch, at),
        () -> {
          // As the test command runs a gallery scene: its trunk map, then its detections and embeddings.
          for (BufferedImage scene : scenes) {
            try (SearchDetector.Features f = detector.features(scene)) {
              detector.detect(f);
            }
          }
        },
        batch::close);
  }

  /**
   * A scene of random pixels with {@link #PEOPLE} labelled people (distinct pids, standing boxes of
   * 2:5 aspect across the width) and one unlabelled one, so every loss term and OIM's tables work.
   */
  private static SearchSample scene(int h, int w, int index, SplittableRandom rng) {
    BufferedImage img = image(h, w, rng);
    float[] pixels = SearchTrainTransform.toTensor(img);
    int people = PEOPLE + 1;
    float[] boxes = new float[4 * people];
    int[] pids = new int[people];
    float bh = 0.4f * h;
    float bw = Math.min(0.4f * bh, 0.8f * w / people);
    for (int k = 0; k < people; k++) {
      float x1 = (k + 0.1f) * w / people;
      float y1 = (float) (rng.nextDouble() * (h - bh));
      boxes[4 * k] = x1;
      boxes[4 * k + 1] = y1;
      boxes[4 * k + 2] = x1 + bw;
      boxes[4 * k + 3] = y1 + bh;
      pids[k] = k < PEOPLE ? 1 + index * PEOPLE + k : SearchExchange.UNLABELLED;
    }
    return new SearchSample(pixels, h, w, boxes, pids);
  }

  private static BufferedImage image(int h, int w, SplittableRandom rng) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] px = new int[w * h];
    for (int i = 0; i < px.length; i++) {
      px[i] = rng.nextInt(1 << 24);
    }
    img.setRGB(0, 0, w, h, px, 0, w);
    return img;
  }
}
