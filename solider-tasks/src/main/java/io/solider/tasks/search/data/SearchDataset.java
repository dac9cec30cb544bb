package io.solider.tasks.search.data;

import io.solider.tasks.common.DatasetSummary;
import java.util.List;
import java.util.Objects;

/**
 * A person-search data set as read.
 *
 * @param name data set name
 * @param train training scenes
 * @param gallery test (gallery) scenes
 * @param queries queries
 */
public record SearchDataset(String name, List<SearchScene> train, List<SearchScene> gallery, List<SearchQuery> queries) {

  public SearchDataset {
    train = List.copyOf(train);
    gallery = List.copyOf(gallery);
    queries = List.copyOf(queries);
  }

  /** Counts for train, gallery and queries. */
  public List<DatasetSummary> summaries() {
    return List.of(summary("train", train), summary("gallery", gallery),
        new DatasetSummary(name + "/query", queries.size(),
            (int) queries.stream().map(SearchQuery::idName).filter(Objects::nonNull).distinct().count(),
            (int) queries.stream().mapToInt(SearchQuery::camera).filter(c -> c >= 0).distinct().count(), 0));
  }

  private DatasetSummary summary(String split, List<SearchScene> scenes) {
    int ids = (int) scenes.stream().flatMap(s -> s.boxes().stream()).map(SearchBox::idName)
        .filter(Objects::nonNull).distinct().count();
    int cams = (int) scenes.stream().mapToInt(SearchScene::camera).filter(c -> c >= 0).distinct().count();
    return new DatasetSummary(name + "/" + split, scenes.size(), ids, cams, 0);
  }
}
