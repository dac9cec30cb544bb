package io.solider.tasks.search.data;

import java.nio.file.Path;
import java.util.List;

/**
 * One scene image with its people.
 *
 * @param image the image file
 * @param camera 0-based camera (PRW, from the file name), −1 when unknown (CUHK-SYSU)
 * @param boxes the annotated people
 */
public record SearchScene(Path image, int camera, List<SearchBox> boxes) {

  public SearchScene {
    boxes = List.copyOf(boxes);
  }
}
