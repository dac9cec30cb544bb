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
 * @param xyxy the query box's corners as the release's query set holds them (int32): CUHK-SYSU
 *     {@code x, y, x + w, y + h} of the truncated box; PRW {@code [x, y, x + w, y + h]} in floating
 *     point, truncated, then clipped at 0
 */
public record SearchQuery(Path image, int[] box, int pid, String idName, int camera, List<GalleryEntry> gallery,
    int[] xyxy) {

  public SearchQuery {
    gallery = List.copyOf(gallery);
  }

  /** A query whose corners follow from integer x, y, w, h. */
  public SearchQuery(Path image, int[] box, int pid, String idName, int camera, List<GalleryEntry> gallery) {
    this(image, box, pid, idName, camera, gallery, new int[] {box[0], box[1], box[0] + box[2], box[1] + box[3]});
  }

  /** One gallery scene of a query; {@code box} is null when the person is not in it. */
  public record GalleryEntry(Path image, int[] box) {}
}
