package io.solider.tasks.reid.index;

/**
 * HNSW graph parameters.
 *
 * @param maxConn M: neighbours kept per node and layer (Lucene's default 16); more gives higher
 *     recall for more memory, disk and build time
 * @param beamWidth candidates examined while inserting a node (efConstruction; Lucene's default
 *     100); more gives a better graph for a slower build
 */
public record HnswSettings(int maxConn, int beamWidth) implements java.io.Serializable {

  public HnswSettings {
    if (maxConn < 2 || maxConn > 512) {
      throw new IllegalArgumentException("HNSW maxConn (M) must be in 2..512, got " + maxConn);
    }
    if (beamWidth < 1 || beamWidth > 3200) {
      throw new IllegalArgumentException("HNSW beamWidth must be in 1..3200, got " + beamWidth);
    }
  }

  /** M 16, beam width 100: the settings measured in docs/REID.md (recall@10 ≥ 0.95 with 100 candidates). */
  public static HnswSettings defaults() {
    return new HnswSettings(16, 100);
  }
}
