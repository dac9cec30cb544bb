/**
 * CSP pedestrian-detection training with the release's recipe on the shared training layer: the
 * configuration ({@link io.solider.tasks.detection.train.CspTrainConfig}), the run and its step
 * ({@link io.solider.tasks.detection.train.CspTraining}, with the mean teacher), its checkpoint and
 * the trainer.
 */
package io.solider.tasks.detection.train;
