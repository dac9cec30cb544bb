package io.solider.nn.backbone;

/** Whether a graph is built for inference or for training (drop path and dropout active). */
public enum BackboneMode {
  INFERENCE,
  TRAINING
}
