package io.solider.ssl.loss;

/**
 * Settings of {@link DinoLoss}; the release's defaults are in {@link #release}.
 *
 * @param outDim K, the head's output width (65536 in the release)
 * @param ncrops total crops per image, 2 global + local
 * @param warmupTeacherTemp teacher temperature at epoch 0
 * @param teacherTemp teacher temperature after the warm-up (0.04)
 * @param warmupTeacherTempEpochs epochs of the linear temperature warm-up (0 in SOLIDER)
 * @param epochs length of the run
 * @param studentTemp student temperature τ_s (0.1)
 * @param centerMomentum EMA momentum of the center (0.9)
 */
public record DinoLossConfig(int outDim, int ncrops, double warmupTeacherTemp, double teacherTemp,
    int warmupTeacherTempEpochs, int epochs, double studentTemp, double centerMomentum) {

  public DinoLossConfig {
    if (outDim <= 0) {
      throw new IllegalArgumentException("outDim must be positive, got " + outDim);
    }
    if (ncrops < 2) {
      throw new IllegalArgumentException("ncrops counts the 2 global crops too: at least 2, got " + ncrops);
    }
    if (!(teacherTemp > 0) || !(warmupTeacherTemp > 0) || !(studentTemp > 0)) {
      throw new IllegalArgumentException("temperatures must be positive");
    }
    if (epochs <= 0 || warmupTeacherTempEpochs < 0 || warmupTeacherTempEpochs > epochs) {
      throw new IllegalArgumentException("need 0 <= warm-up epochs (" + warmupTeacherTempEpochs + ") <= epochs ("
          + epochs + ")");
    }
    if (centerMomentum < 0 || centerMomentum > 1) {
      throw new IllegalArgumentException("centerMomentum must be in [0, 1], got " + centerMomentum);
    }
  }

  /** The release's settings: τ_t 0.04 without warm-up, τ_s 0.1, center momentum 0.9. */
  public static DinoLossConfig release(int outDim, int ncrops, int epochs) {
    return new DinoLossConfig(outDim, ncrops, 0.04, 0.04, 0, epochs, 0.1, 0.9);
  }

  public DinoLossConfig withTeacherTemperature(double warmup, double temp, int warmupEpochs) {
    return new DinoLossConfig(outDim, ncrops, warmup, temp, warmupEpochs, epochs, studentTemp, centerMomentum);
  }
}
