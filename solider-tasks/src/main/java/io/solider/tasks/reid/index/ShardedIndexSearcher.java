package io.solider.tasks.reid.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Searches a sharded index ({@link ShardedIndex}): every shard is searched with the same k and
 * candidates, and the best k of the merged hits are returned (by cosine, ties in shard order),
 * with rows counted over the whole gallery. Opening checks that every shard holds what the
 * manifest says: the same model (checkpoint, its SHA-256, architecture, dimension, λ, image size,
 * normalisation), the same HNSW settings and the stated number of entries.
 */
public final class ShardedIndexSearcher implements GallerySearcher {

  private final ShardedIndex manifest;
  private final List<ReidIndexSearcher> shards;

  private ShardedIndexSearcher(ShardedIndex manifest, List<ReidIndexSearcher> shards) {
    this.manifest = manifest;
    this.shards = shards;
  }

  /**
   * Opens the sharded index in {@code dir}.
   *
   * @throws ReidIndexException when the manifest or a shard is missing or damaged, or a shard
   *     disagrees with the manifest
   */
  public static ShardedIndexSearcher open(Path dir) throws IOException {
    ShardedIndex manifest = ShardedIndex.read(dir);
    List<ReidIndexSearcher> opened = new ArrayList<>();
    try {
      for (ShardedIndex.Shard s : manifest.shards()) {
        ReidIndexSearcher shard = ReidIndexSearcher.open(dir.resolve(s.path()));
        opened.add(shard);
        IndexMetadata m = shard.metadata();
        if (!m.model().equals(manifest.metadata().model()) || !m.hnsw().equals(manifest.metadata().hnsw())) {
          throw new ReidIndexException(dir, "shard " + s.path() + " was built with another model or HNSW settings than "
              + ShardedIndex.MANIFEST + " states (" + m.model() + " vs " + manifest.metadata().model() + ")");
        }
        if (m.entries() != s.entries()) {
          throw new ReidIndexException(dir, "shard " + s.path() + " holds " + m.entries() + " entries but "
              + ShardedIndex.MANIFEST + " says " + s.entries());
        }
      }
      if (manifest.metadata().entries() > Integer.MAX_VALUE) {
        throw new ReidIndexException(dir, "more than " + Integer.MAX_VALUE + " entries");
      }
      return new ShardedIndexSearcher(manifest, opened);
    } catch (IOException | RuntimeException e) {
      for (ReidIndexSearcher s : opened) {
        s.close();
      }
      throw e;
    }
  }

  /** The manifest. */
  public ShardedIndex manifest() {
    return manifest;
  }

  @Override
  public IndexMetadata metadata() {
    return manifest.metadata();
  }

  @Override
  public int size() {
    return (int) manifest.metadata().entries();
  }

  @Override
  public List<SearchHit> search(float[] query, int k, int numCandidates) throws IOException {
    record Ranked(SearchHit hit, int shard) {}
    List<Ranked> all = new ArrayList<>();
    for (int i = 0; i < shards.size(); i++) {
      long firstRow = manifest.shards().get(i).firstRow();
      for (SearchHit h : shards.get(i).search(query, k, numCandidates)) {
        all.add(new Ranked(new SearchHit(h.rank(), h.score(), h.pid(), h.camid(), h.file(),
            Math.toIntExact(firstRow + h.row())), i));
      }
    }
    all.sort(Comparator.comparingDouble((Ranked r) -> -r.hit().score()).thenComparingInt(Ranked::shard)
        .thenComparingInt(r -> r.hit().rank()));
    List<SearchHit> out = new ArrayList<>();
    for (Ranked r : all.subList(0, Math.min(k, all.size()))) {
      SearchHit h = r.hit();
      out.add(new SearchHit(out.size() + 1, h.score(), h.pid(), h.camid(), h.file(), h.row()));
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (ReidIndexSearcher s : shards) {
      try {
        s.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
