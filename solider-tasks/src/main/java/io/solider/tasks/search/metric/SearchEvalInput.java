package io.solider.tasks.search.metric;

import java.util.List;

/**
 * Everything one search evaluation reads: the gallery with its ground truth, the detections and
 * their embeddings per gallery scene (same order), and the queries with their embeddings.
 *
 * @param gallery gallery scenes
 * @param detections one entry per gallery scene
 * @param detectionFeatures embeddings of the detections
 * @param gallerySize the protocol's gallery size (CUHK-SYSU: every query lists this many scenes)
 * @param queries the queries
 * @param queryFeatures row k = query k
 */
public record SearchEvalInput(List<GalleryImage> gallery, List<ImageDetections> detections,
    FeatureMatrix detectionFeatures, int gallerySize, List<SearchQueryInput> queries, FeatureMatrix queryFeatures) {

  public SearchEvalInput {
    gallery = List.copyOf(gallery);
    detections = List.copyOf(detections);
    queries = List.copyOf(queries);
    if (gallery.size() != detections.size()) {
      throw new IllegalArgumentException(gallery.size() + " gallery scenes but " + detections.size() + " detection entries");
    }
    if (queries.size() != queryFeatures.rows()) {
      throw new IllegalArgumentException(queries.size() + " queries but " + queryFeatures.rows() + " query feature rows");
    }
    if (detectionFeatures.dim() != queryFeatures.dim()) {
      throw new IllegalArgumentException("detection features have " + detectionFeatures.dim()
          + " dimensions, query features " + queryFeatures.dim());
    }
  }
}
