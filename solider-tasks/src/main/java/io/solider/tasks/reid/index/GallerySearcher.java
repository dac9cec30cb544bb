package io.solider.tasks.reid.index;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A searchable re-id gallery index: one Lucene index ({@link ReidIndexSearcher}, written by
 * {@code reid-index}) or several shards searched together ({@link ShardedIndexSearcher}, written
 * by {@code solider spark index}).
 */
public interface GallerySearcher extends Closeable {

  /**
   * Opens the index in {@code dir}, sharded or not.
   *
   * @throws ReidIndexException when there is none, or it is damaged or of another kind
   */
  static GallerySearcher open(Path dir) throws IOException {
    return ShardedIndex.isSharded(dir) ? ShardedIndexSearcher.open(dir) : ReidIndexSearcher.open(dir);
  }

  /** The model, HNSW settings and entry count of the whole index. */
  IndexMetadata metadata();

  /** Number of gallery entries. */
  int size();

  /**
   * The {@code k} gallery entries most similar to {@code query}, best first; each entry's
   * {@code row} is its position in the whole gallery.
   *
   * @throws IllegalArgumentException for a query of another dimension or non-finite values, or
   *     k or numCandidates below 1
   */
  List<SearchHit> search(float[] query, int k, int numCandidates) throws IOException;
}
