package io.solider.tasks.reid.data;

import io.solider.tasks.common.DatasetSummary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A re-id data set read from disk: training images (identities relabelled 0..N−1), queries and
 * gallery.
 *
 * @param name data set name
 * @param train training images
 * @param query query images
 * @param gallery gallery images
 */
public record ReidSplits(String name, List<ReidSample> train, List<ReidSample> query, List<ReidSample> gallery) {

  public ReidSplits {
    train = List.copyOf(train);
    query = List.copyOf(query);
    gallery = List.copyOf(gallery);
  }

  /** Counts for {@code train}, {@code query} and {@code gallery}, in that order. */
  public List<DatasetSummary> summaries() {
    return List.of(summary("train", train), summary("query", query), summary("gallery", gallery));
  }

  /** Number of training identities (the classifier's output size). */
  public int trainIdentities() {
    return (int) train.stream().mapToInt(ReidSample::pid).distinct().count();
  }

  private DatasetSummary summary(String split, List<ReidSample> s) {
    int ids = new TreeSet<>(s.stream().map(ReidSample::rawPid).toList()).size();
    int cams = new TreeSet<>(s.stream().map(ReidSample::camera).toList()).size();
    return new DatasetSummary(name + "/" + split, s.size(), ids, cams, 0);
  }

  /** Relabels raw identities to 0..N−1 in order of first sorted appearance. */
  static List<ReidSample> relabel(List<ReidSample> samples) {
    TreeSet<Integer> ids = new TreeSet<>();
    samples.forEach(s -> ids.add(s.rawPid()));
    Map<Integer, Integer> map = new HashMap<>();
    for (int id : ids) {
      map.put(id, map.size());
    }
    return samples.stream().map(s -> new ReidSample(s.image(), map.get(s.rawPid()), s.rawPid(), s.camera())).toList();
  }
}
