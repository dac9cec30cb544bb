package io.solider.tasks.reid.index;

/**
 * The model that produced an index's embeddings, stored with the index so that a search can check
 * that its query features come from the same model.
 *
 * @param checkpoint the checkpoint file, as given when the index was built (absolute path)
 * @param checkpointSha256 SHA-256 of the checkpoint file, hex
 * @param architecture the backbone's description (e.g. "Swin C=96 depths=[2, 2, 6, 2] …")
 * @param dimension feature dimension D
 * @param semanticWeight λ the features were extracted with
 * @param imageHeight input height the images were resized to
 * @param imageWidth input width
 * @param normalization the images' normalisation by name ({@code reid} or {@code imagenet}, see
 *     {@code ImageNormalization.named})
 */
public record EmbeddingModel(String checkpoint, String checkpointSha256, String architecture, int dimension,
    double semanticWeight, int imageHeight, int imageWidth, String normalization) implements java.io.Serializable {

  public EmbeddingModel {
    if (dimension < 1) {
      throw new IllegalArgumentException("feature dimension must be positive, got " + dimension);
    }
    if (!(semanticWeight >= 0 && semanticWeight <= 1)) {
      throw new IllegalArgumentException("semantic weight " + semanticWeight + " is outside [0, 1]");
    }
    if (normalization == null || normalization.isBlank()) {
      throw new IllegalArgumentException("normalisation name is required");
    }
    if (imageHeight < 1 || imageWidth < 1) {
      throw new IllegalArgumentException("image size must be positive, got " + imageHeight + "x" + imageWidth);
    }
  }
}
