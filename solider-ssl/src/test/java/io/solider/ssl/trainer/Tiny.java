package io.solider.ssl.trainer;

import io.solider.nn.backbone.SwinConfig;
import io.solider.ssl.augment.MultiCropBatch;
import io.solider.ssl.augment.MultiCropConfig;
import io.solider.ssl.heads.HeadConfig;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A tiny pretraining setup for tests: embed 8, one block per stage, 128×64 globals, 2 locals of 64×32. */
public final class Tiny {

  private Tiny() {}

  public static PretrainConfig config() {
    SwinConfig arch = SwinConfig.of(8, List.of(1, 1, 1, 1), List.of(1, 1, 2, 2)).withDropPathRate(0.1);
    MultiCropConfig crops = MultiCropConfig.release().withSizes(128, 64, 64, 32).withLocalCrops(2);
    return PretrainConfig.release(arch).toBuilder().crops(crops)
        .heads(HeadConfig.dino().withWidths(16, 8).withOutDim(32), HeadConfig.partClassifier(3).withWidths(16, 8))
        .epochs(2, 1).batchSize(2).lr(5e-2, 1e-4).seed(11).build();
  }

  /** A random batch of {@code b} images (normal noise with a brighter "person" band in the middle columns). */
  public static MultiCropBatch batch(PretrainConfig cfg, int b, long seed) {
    Nd4j.getRandom().setSeed(seed);
    var c = cfg.crops();
    INDArray g1 = person(Nd4j.randn(DataType.FLOAT, b, 3, c.globalHeight(), c.globalWidth()));
    INDArray g2 = person(Nd4j.randn(DataType.FLOAT, b, 3, c.globalHeight(), c.globalWidth()));
    INDArray l = Nd4j.randn(DataType.FLOAT, (long) c.localCrops() * b, 3, c.localHeight(), c.localWidth());
    int[] idx = new int[b];
    for (int i = 0; i < b; i++) {
      idx[i] = i;
    }
    return new MultiCropBatch(g1, g2, l, idx);
  }

  private static INDArray person(INDArray x) {
    long w = x.size(3);
    x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(w / 4, 3 * w / 4)).addi(2.0);
    return x;
  }
}
