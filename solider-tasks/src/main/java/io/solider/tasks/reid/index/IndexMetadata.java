package io.solider.tasks.reid.index;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an index holds: the embedding model, the HNSW settings it was built with, the number of
 * entries and when it was written. Stored as the Lucene commit's user data (so it is committed
 * atomically with the vectors) under the keys of {@link #toUserData()}.
 *
 * @param model the model that made the gallery features
 * @param hnsw graph settings used to build it
 * @param entries gallery items stored
 * @param created ISO-8601 instant of the commit
 */
public record IndexMetadata(EmbeddingModel model, HnswSettings hnsw, long entries, String created) {

  /** Version of this index layout; a reader refuses a newer one. */
  public static final int FORMAT_VERSION = 1;

  static final String FORMAT_KEY = "solider.reid.index.format";

  /** The commit user data. */
  public Map<String, String> toUserData() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(FORMAT_KEY, Integer.toString(FORMAT_VERSION));
    m.put("model.checkpoint", model.checkpoint());
    m.put("model.checkpoint_sha256", model.checkpointSha256());
    m.put("model.architecture", model.architecture());
    m.put("model.dimension", Integer.toString(model.dimension()));
    m.put("model.semantic_weight", Double.toString(model.semanticWeight()));
    m.put("model.image_height", Integer.toString(model.imageHeight()));
    m.put("model.image_width", Integer.toString(model.imageWidth()));
    m.put("model.normalization", model.normalization());
    m.put("hnsw.max_conn", Integer.toString(hnsw.maxConn()));
    m.put("hnsw.beam_width", Integer.toString(hnsw.beamWidth()));
    m.put("entries", Long.toString(entries));
    m.put("created", created);
    return m;
  }

  /**
   * Reads the commit user data of the index in {@code dir}.
   *
   * @throws ReidIndexException when it is missing, newer than this reader, or malformed
   */
  static IndexMetadata fromUserData(Map<String, String> data, Path dir) throws ReidIndexException {
    String format = data.get(FORMAT_KEY);
    if (format == null) {
      throw new ReidIndexException(dir, "a Lucene index without re-id metadata (not written by reid-index)");
    }
    try {
      int version = Integer.parseInt(format);
      if (version > FORMAT_VERSION) {
        throw new ReidIndexException(dir, "re-id index format " + version + " is newer than this program's ("
            + FORMAT_VERSION + "); update solider-dl4j");
      }
      EmbeddingModel model = new EmbeddingModel(required(data, "model.checkpoint", dir),
          required(data, "model.checkpoint_sha256", dir), required(data, "model.architecture", dir),
          Integer.parseInt(required(data, "model.dimension", dir)),
          Double.parseDouble(required(data, "model.semantic_weight", dir)),
          Integer.parseInt(required(data, "model.image_height", dir)),
          Integer.parseInt(required(data, "model.image_width", dir)),
          required(data, "model.normalization", dir));
      HnswSettings hnsw = new HnswSettings(Integer.parseInt(required(data, "hnsw.max_conn", dir)),
          Integer.parseInt(required(data, "hnsw.beam_width", dir)));
      return new IndexMetadata(model, hnsw, Long.parseLong(required(data, "entries", dir)),
          required(data, "created", dir));
    } catch (IllegalArgumentException e) {
      throw new ReidIndexException(dir, "malformed re-id index metadata: " + e.getMessage(), e);
    }
  }

  private static String required(Map<String, String> data, String key, Path dir) throws ReidIndexException {
    String v = data.get(key);
    if (v == null) {
      throw new ReidIndexException(dir, "re-id index metadata lacks '" + key + "'");
    }
    return v;
  }
}
