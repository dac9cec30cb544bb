package io.solider.ssl.trainer;

import io.solider.nn.backbone.SwinConfig;
import io.solider.ssl.augment.MultiCropConfig;
import io.solider.ssl.heads.HeadConfig;

/**
 * Everything a SOLIDER pretraining run needs besides its data; {@link #release} gives the
 * release's values (SOLIDER.md §4, main_solider.py and run_solider.sh).
 *
 * @param arch student/teacher backbone (drop path applies to the student only)
 * @param crops multi-crop augmentation
 * @param dinoHead DINO head widths and K
 * @param partHead part-classifier widths; its outDim is parts + 1
 * @param parts P, body parts found by the semantic clustering (3)
 * @param semanticLossWeight weight of the semantic (part) loss (1.0)
 * @param trainPartClassifier the release never gives the part classifier to the optimiser (its
 *     weights stay at their initial values); true also trains it
 * @param epochs training epochs (100)
 * @param batchSize images per step (the release: 48 per GPU × 8)
 * @param baseLr learning rate for a batch of 256; the run uses baseLr·batch/256 (5e-4)
 * @param minLr final learning rate of the cosine (1e-6)
 * @param warmupEpochs linear learning-rate warm-up epochs (10)
 * @param weightDecay weight decay at the start of the cosine (0.04)
 * @param weightDecayEnd weight decay at the end (0.4)
 * @param clipGrad per-parameter gradient-norm clip, 0 disables (3.0)
 * @param freezeLastLayerEpochs epochs during which the DINO head's last layer is not updated (1)
 * @param momentumTeacher EMA momentum at the start of its cosine to 1 (0.996)
 * @param teacherTemp DINO teacher temperature (0.04)
 * @param warmupTeacherTemp teacher temperature at epoch 0 (0.04)
 * @param warmupTeacherTempEpochs teacher-temperature warm-up epochs (0)
 * @param studentTemp DINO student temperature (0.1)
 * @param centerMomentum DINO center EMA momentum (0.9)
 * @param seed seeds every random choice of the run
 */
public record PretrainConfig(SwinConfig arch, MultiCropConfig crops, HeadConfig dinoHead, HeadConfig partHead,
    int parts, double semanticLossWeight, boolean trainPartClassifier, int epochs, int batchSize, double baseLr,
    double minLr, int warmupEpochs, double weightDecay, double weightDecayEnd, double clipGrad,
    int freezeLastLayerEpochs, double momentumTeacher, double teacherTemp, double warmupTeacherTemp,
    int warmupTeacherTempEpochs, double studentTemp, double centerMomentum, long seed) {

  public PretrainConfig {
    require(parts >= 1, "parts must be >= 1");
    require(partHead.outDim() == parts + 1, "part head needs parts + 1 = " + (parts + 1) + " outputs, has "
        + partHead.outDim());
    require(epochs >= 1, "epochs must be >= 1, got " + epochs);
    require(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
    require(baseLr >= 0 && minLr >= 0, "learning rates must be >= 0");
    require(warmupEpochs >= 0 && warmupEpochs <= epochs, "warm-up epochs must be in [0, epochs]");
    require(warmupTeacherTempEpochs >= 0 && warmupTeacherTempEpochs <= epochs,
        "teacher-temperature warm-up epochs must be in [0, epochs]");
    require(clipGrad >= 0, "clipGrad must be >= 0");
    require(momentumTeacher >= 0 && momentumTeacher <= 1, "momentumTeacher must be in [0, 1]");
    require(freezeLastLayerEpochs >= 0, "freezeLastLayerEpochs must be >= 0");
    require(semanticLossWeight >= 0, "semanticLossWeight must be >= 0");
    require(crops.globalHeight() % (arch.patchSize() * 8) == 0 && crops.globalWidth() % (arch.patchSize() * 8) == 0,
        "global crop size must be a multiple of " + arch.patchSize() * 8 + " (last-stage stride) so part maps"
            + " upsample exactly, got " + crops.globalHeight() + "x" + crops.globalWidth());
  }

  /** The release's recipe for a backbone. */
  public static PretrainConfig release(SwinConfig arch) {
    return new PretrainConfig(arch, MultiCropConfig.release(), HeadConfig.dino(), HeadConfig.partClassifier(3), 3,
        1.0, false, 100, 48, 5e-4, 1e-6, 10, 0.04, 0.4, 3.0, 1, 0.996, 0.04, 0.04, 0, 0.1, 0.9, 0);
  }

  /** Learning rate at the end of the warm-up: baseLr · batch / 256 (linear scaling rule). */
  public double peakLr() {
    return baseLr * batchSize / 256.0;
  }

  public PretrainConfig withArch(SwinConfig a) {
    return new PretrainConfig(a, crops, dinoHead, partHead, parts, semanticLossWeight, trainPartClassifier, epochs,
        batchSize, baseLr, minLr, warmupEpochs, weightDecay, weightDecayEnd, clipGrad, freezeLastLayerEpochs,
        momentumTeacher, teacherTemp, warmupTeacherTemp, warmupTeacherTempEpochs, studentTemp, centerMomentum, seed);
  }

  public PretrainConfig withCrops(MultiCropConfig c) {
    return new PretrainConfig(arch, c, dinoHead, partHead, parts, semanticLossWeight, trainPartClassifier, epochs,
        batchSize, baseLr, minLr, warmupEpochs, weightDecay, weightDecayEnd, clipGrad, freezeLastLayerEpochs,
        momentumTeacher, teacherTemp, warmupTeacherTemp, warmupTeacherTempEpochs, studentTemp, centerMomentum, seed);
  }

  public PretrainConfig withHeads(HeadConfig dino, HeadConfig part) {
    return new PretrainConfig(arch, crops, dino, part, parts, semanticLossWeight, trainPartClassifier, epochs,
        batchSize, baseLr, minLr, warmupEpochs, weightDecay, weightDecayEnd, clipGrad, freezeLastLayerEpochs,
        momentumTeacher, teacherTemp, warmupTeacherTemp, warmupTeacherTempEpochs, studentTemp, centerMomentum, seed);
  }

  public PretrainConfig withSchedule(int epochsValue, int batch, int warmup) {
    return new PretrainConfig(arch, crops, dinoHead, partHead, parts, semanticLossWeight, trainPartClassifier,
        epochsValue, batch, baseLr, minLr, warmup, weightDecay, weightDecayEnd, clipGrad, freezeLastLayerEpochs,
        momentumTeacher, teacherTemp, warmupTeacherTemp, warmupTeacherTempEpochs, studentTemp, centerMomentum, seed);
  }

  public PretrainConfig withLr(double base, double min) {
    return new PretrainConfig(arch, crops, dinoHead, partHead, parts, semanticLossWeight, trainPartClassifier, epochs,
        batchSize, base, min, warmupEpochs, weightDecay, weightDecayEnd, clipGrad, freezeLastLayerEpochs,
        momentumTeacher, teacherTemp, warmupTeacherTemp, warmupTeacherTempEpochs, studentTemp, centerMomentum, seed);
  }

  public PretrainConfig withFreezeLastLayerEpochs(int n) {
    return new PretrainConfig(arch, crops, dinoHead, partHead, parts, semanticLossWeight, trainPartClassifier, epochs,
        batchSize, baseLr, minLr, warmupEpochs, weightDecay, weightDecayEnd, clipGrad, n,
        momentumTeacher, teacherTemp, warmupTeacherTemp, warmupTeacherTempEpochs, studentTemp, centerMomentum, seed);
  }

  public PretrainConfig withSeed(long s) {
    return new PretrainConfig(arch, crops, dinoHead, partHead, parts, semanticLossWeight, trainPartClassifier, epochs,
        batchSize, baseLr, minLr, warmupEpochs, weightDecay, weightDecayEnd, clipGrad, freezeLastLayerEpochs,
        momentumTeacher, teacherTemp, warmupTeacherTemp, warmupTeacherTempEpochs, studentTemp, centerMomentum, s);
  }

  public PretrainConfig withTeacherMomentum(double m) {
    return new PretrainConfig(arch, crops, dinoHead, partHead, parts, semanticLossWeight, trainPartClassifier, epochs,
        batchSize, baseLr, minLr, warmupEpochs, weightDecay, weightDecayEnd, clipGrad, freezeLastLayerEpochs,
        m, teacherTemp, warmupTeacherTemp, warmupTeacherTempEpochs, studentTemp, centerMomentum, seed);
  }

  public PretrainConfig withTrainPartClassifier(boolean train) {
    return new PretrainConfig(arch, crops, dinoHead, partHead, parts, semanticLossWeight, train, epochs,
        batchSize, baseLr, minLr, warmupEpochs, weightDecay, weightDecayEnd, clipGrad, freezeLastLayerEpochs,
        momentumTeacher, teacherTemp, warmupTeacherTemp, warmupTeacherTempEpochs, studentTemp, centerMomentum, seed);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
