package io.solider.tasks.synth;

import java.util.SplittableRandom;

/**
 * Joint angles of one drawn person, in radians; 0 means the limb hangs straight down, positive
 * swings it forward. Legs bend backwards at the knee, arms forwards at the elbow.
 */
record Pose(
    double leftArm, double rightArm, double leftElbow, double rightElbow,
    double leftLeg, double rightLeg, double leftKnee, double rightKnee, double armSpread) {

  /** A walking pose at a random phase of the gait cycle, with some noise. */
  static Pose walking(SplittableRandom r) {
    double phase = Rng.range(r, 0, 2 * Math.PI);
    double stride = Rng.range(r, 0.1, 0.45);
    double s = Math.sin(phase);
    return new Pose(
        -s * stride * 1.1 + 0.08 * Rng.gaussian(r),
        s * stride * 1.1 + 0.08 * Rng.gaussian(r),
        Rng.range(r, 0.05, 0.6),
        Rng.range(r, 0.05, 0.6),
        s * stride + 0.04 * Rng.gaussian(r),
        -s * stride + 0.04 * Rng.gaussian(r),
        Math.max(0, Math.cos(phase)) * stride * 1.2,
        Math.max(0, -Math.cos(phase)) * stride * 1.2,
        Rng.range(r, 0.0, 0.25));
  }
}
