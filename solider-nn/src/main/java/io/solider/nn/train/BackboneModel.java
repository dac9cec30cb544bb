package io.solider.nn.train;

import io.solider.nn.backbone.SwinConfig;

/**
 * The backbone a task trains: its architecture, the checkpoint it starts from and the semantic
 * weight λ it runs with. Shared by the task configurations whose model is just that; its JSON form
 * ({@code arch}, {@code pretrained}, {@code semanticWeight}) is what their checkpoints store.
 *
 * @param arch architecture of a backbone trained from scratch; with {@code pretrained} the
 *     checkpoint's architecture is used and only this drop-path rate is kept
 * @param pretrained SOLIDER checkpoint to start from (any layout {@code Checkpoints} reads), or
 *     null for a random backbone
 * @param semanticWeight λ of the semantic controller, in [0, 1]
 */
public record BackboneModel(SwinConfig arch, String pretrained, double semanticWeight) {

  public BackboneModel {
    validate(arch, semanticWeight);
  }

  /** A random backbone of this architecture at this λ. */
  public static BackboneModel fromScratch(SwinConfig arch, double semanticWeight) {
    return new BackboneModel(arch, null, semanticWeight);
  }

  /**
   * The checks every task's model applies to its backbone part, for task models that carry more
   * than this record (they keep their own JSON layout).
   */
  public static void validate(SwinConfig arch, double semanticWeight) {
    if (arch == null) {
      throw new IllegalArgumentException("arch is required");
    }
    if (!(semanticWeight >= 0 && semanticWeight <= 1)) {
      throw new IllegalArgumentException("semantic weight must be in [0, 1], got " + semanticWeight);
    }
  }

  public BackboneModel withArch(SwinConfig newArch) {
    return new BackboneModel(newArch, pretrained, semanticWeight);
  }

  /** Start from this checkpoint (null: random backbone). */
  public BackboneModel withPretrained(String checkpoint) {
    return new BackboneModel(arch, checkpoint, semanticWeight);
  }

  public BackboneModel withSemanticWeight(double lambda) {
    return new BackboneModel(arch, pretrained, lambda);
  }
}
