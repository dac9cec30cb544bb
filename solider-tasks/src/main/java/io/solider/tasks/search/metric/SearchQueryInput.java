package io.solider.tasks.search.metric;

import java.util.List;

/**
 * One query of {@code queries.json}.
 *
 * @param pid the person's identity (PRW: their gallery boxes carry it)
 * @param image the scene the query box is cut from
 * @param boxXywh the query box x, y, w, h
 * @param gallery the protocol's gallery scenes for this query (CUHK-SYSU); empty for PRW
 */
public record SearchQueryInput(int pid, String image, double[] boxXywh, List<GalleryEntry> gallery) {

  public SearchQueryInput {
    gallery = List.copyOf(gallery);
  }

  /**
   * One gallery scene of a query.
   *
   * @param image scene name
   * @param gtXywh where the query person is, x, y, w, h; null when they are not in the scene
   */
  public record GalleryEntry(String image, double[] gtXywh) {}
}
