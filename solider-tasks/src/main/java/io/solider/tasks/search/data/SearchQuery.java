package io.solider.tasks.search.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A person-search query.
 *
 * @param image the scene the query box is in
 * @param box query box x, y, w, h
 * @param pid query identity (same numbering as the gallery boxes)
 * @param idName CUHK-SYSU's {@code idname} (PRW: the id as text)
 * @param camera 0-based camera (PRW), −1 when unknown
 * @param gallery CUHK-SYSU: this query's gallery scenes (box null where the person is absent);
 *     PRW: empty, meaning the whole gallery split
 */
public record SearchQuery(Path image, int[] box, int pid, String idName, int camera, List<GalleryEntry> gallery) {

  public SearchQuery {
    gallery = List.copyOf(gallery);
  }

  /** One gallery scene of a query; {@code box} is null when the person is not in it. */
  public record GalleryEntry(Path image, int[] box) {}
}
