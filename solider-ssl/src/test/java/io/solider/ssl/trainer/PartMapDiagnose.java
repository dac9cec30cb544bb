package io.solider.ssl.trainer;

import io.solider.nn.backbone.SwinConfig;
import io.solider.ssl.augment.MultiCropConfig;
import io.solider.ssl.heads.HeadConfig;
import java.util.List;

/** Test-scope main: part-map agreement of a freshly initialised teacher, with a few maps printed. Args: H W [seeds]. */
public final class PartMapDiagnose {
  private PartMapDiagnose() {}

  public static void main(String[] args) {
    int h = Integer.parseInt(args[0]);
    int w = Integer.parseInt(args[1]);
    int seeds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    PartMapEval eval = new PartMapEval(h, w, Double.parseDouble(args[3]), 16, 99);
    for (int s = 0; s < seeds; s++) {
      SwinConfig arch = SwinConfig.of(16, List.of(1, 1, 2, 1), List.of(1, 2, 2, 4)).withDropPathRate(0.1);
      MultiCropConfig crops = MultiCropConfig.release().withSizes(h, w, h / 2, w / 2).withLocalCrops(2);
      PretrainConfig cfg = PretrainConfig.release(arch).toBuilder().crops(crops)
          .heads(HeadConfig.dino().withWidths(64, 32).withOutDim(256), HeadConfig.partClassifier(3).withWidths(64, 32))
          .seed(3 + s).build();
      SoliderPretraining run = SoliderPretraining.create(cfg, 1);
      int[][][] pred = eval.predict(run.teacher());
      System.out.println("seed " + (3 + s) + ": " + eval.score(pred).format());
      if (s == 0) {
        for (int i = 0; i < 4; i++) {
          System.out.println("image " + i + " (truth | predicted)\n" + eval.render(pred, i));
        }
      }
    }
  }
}
