package io.solider.tasks.search.metric;

/**
 * One gallery scene of {@code gallery.json}: its ground-truth people.
 *
 * @param name image name (the key the protocol's gallery lists use)
 * @param boxes ground-truth boxes x1, y1, x2, y2, four numbers per person
 * @param pids identity of each person (unlabelled people carry any id no query uses, e.g. −1)
 */
public record GalleryImage(String name, double[] boxes, int[] pids) {

  public GalleryImage {
    if (boxes.length != 4 * pids.length) {
      throw new IllegalArgumentException(name + ": " + boxes.length + " box numbers for " + pids.length + " pids");
    }
  }

  /** Number of people. */
  public int size() {
    return pids.length;
  }

  /** Box {@code k} as x1, y1, x2, y2. */
  public double[] box(int k) {
    return java.util.Arrays.copyOfRange(boxes, 4 * k, 4 * k + 4);
  }
}
