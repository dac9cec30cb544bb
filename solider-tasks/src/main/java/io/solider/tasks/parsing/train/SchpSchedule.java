package io.solider.tasks.parsing.train;

/**
 * The learning rate of the release's SCHP recipe per epoch ({@code utils/warmup_scheduler.py}
 * {@code SGDRScheduler}, stepped once per epoch, so every iteration of epoch e uses entry e):
 *
 * <pre>
 * e &lt; warmup:          η_min + e·(lr − η_min)/warmup
 * warmup ≤ e &lt; start:  η_min + (lr − η_min)·(1 + cos(π·(e − warmup)/(start − warmup)))/2
 * e ≥ start:           η_min + (lr_c − η_min)·(1 + cos(π·((e − start) mod cycle)/cycle))/2
 * </pre>
 *
 * with the release's command line (train_swin.sh): lr 7e-3, η_min = lr/500, warmup 30 epochs,
 * start 120 (= the SCHP start), lr_c = lr/2, cycle 10, 150 epochs. {@code Math.cos} (HotSpot's
 * intrinsic) gives the same bits as Python's {@code math.cos} on every epoch of the tests;
 * {@code StrictMath.cos} was one ulp off on a few.
 *
 * @param baseLr lr (release: 7e-3)
 * @param etaMin η_min (release: 7e-3/500)
 * @param warmupEpochs warm-up epochs (release: 30)
 * @param cyclicalStart first epoch of the cyclical part (release: 120)
 * @param cyclicalLr lr_c (release: 7e-3/2)
 * @param cycleEpochs cycle length (release: 10)
 * @param epochs epochs (release: 150)
 */
public record SchpSchedule(double baseLr, double etaMin, int warmupEpochs, int cyclicalStart, double cyclicalLr,
    int cycleEpochs, int epochs) {

  public SchpSchedule {
    if (!(baseLr > 0) || !(etaMin >= 0) || !(cyclicalLr > 0)) {
      throw new IllegalArgumentException("learning rates must be positive (eta_min >= 0)");
    }
    if (warmupEpochs < 1 || cyclicalStart <= warmupEpochs || cycleEpochs < 1 || epochs < 1) {
      throw new IllegalArgumentException("need 1 <= warmup < cyclical start, cycle >= 1 and epochs >= 1, got warmup "
          + warmupEpochs + ", start " + cyclicalStart + ", cycle " + cycleEpochs + ", epochs " + epochs);
    }
  }

  /** The release's schedule for LIP with Swin (train_swin.sh). */
  public static SchpSchedule release() {
    double lr = 7e-3;
    return new SchpSchedule(lr, lr / 500, 30, 120, lr / 2, 10, 150);
  }

  /** The learning rate of each epoch. */
  public double[] perEpoch() {
    double[] out = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      if (e < warmupEpochs) {
        out[e] = etaMin + e * (baseLr - etaMin) / warmupEpochs;
      } else if (e < cyclicalStart) {
        out[e] = etaMin + (baseLr - etaMin)
            * (1 + Math.cos(Math.PI * (e - warmupEpochs) / (cyclicalStart - warmupEpochs))) / 2;
      } else {
        out[e] = etaMin + (cyclicalLr - etaMin)
            * (1 + Math.cos(Math.PI * ((e - cyclicalStart) % cycleEpochs) / cycleEpochs)) / 2;
      }
    }
    return out;
  }

  /** The learning rate of each iteration, {@code itersPerEpoch} per epoch. */
  public double[] perIteration(int itersPerEpoch) {
    if (itersPerEpoch < 1) {
      throw new IllegalArgumentException("iterations per epoch must be >= 1, got " + itersPerEpoch);
    }
    double[] e = perEpoch();
    double[] out = new double[e.length * itersPerEpoch];
    for (int i = 0; i < out.length; i++) {
      out[i] = e[i / itersPerEpoch];
    }
    return out;
  }
}
