package io.solider.tasks.reid.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifest of a sharded re-id index ({@value #MANIFEST} in the index folder): the model and
 * HNSW settings every shard shares, and each shard's folder (relative to the index folder), entry
 * count and first row in the whole gallery. Each shard is a complete {@link ReidIndexWriter}
 * index with its own metadata; the manifest is written last, so a folder with a manifest holds a
 * complete index.
 *
 * @param metadata the whole index: model, HNSW settings, total entries, creation time
 * @param shards the shards in gallery order
 */
public record ShardedIndex(IndexMetadata metadata, List<Shard> shards) {

  /** File name of the manifest. */
  public static final String MANIFEST = "sharded-index.json";

  /** Version of the manifest layout; a reader refuses a newer one. */
  public static final int FORMAT_VERSION = 1;

  static final String FORMAT = "solider.reid.sharded-index";

  /** Largest manifest read (a million shards' entries fit well below it). */
  static final long MAX_MANIFEST_BYTES = 256L << 20;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One shard.
   *
   * @param path its folder, relative to the index folder
   * @param entries gallery entries it holds
   * @param firstRow the gallery row of its first entry
   */
  public record Shard(String path, long entries, long firstRow) {

    public Shard {
      if (path == null || path.isBlank() || path.startsWith("/") || path.contains("\\")
          || List.of(path.split("/")).contains("..")) {
        throw new IllegalArgumentException("shard path must be a relative path inside the index folder, got '"
            + path + "'");
      }
      if (entries < 1 || firstRow < 0) {
        throw new IllegalArgumentException("shard " + path + " has " + entries + " entries from row " + firstRow);
      }
    }
  }

  public ShardedIndex {
    shards = List.copyOf(shards);
    if (shards.isEmpty()) {
      throw new IllegalArgumentException("a sharded index needs at least one shard");
    }
    long next = 0;
    for (Shard s : shards) {
      if (s.firstRow() != next) {
        throw new IllegalArgumentException("shard " + s.path() + " starts at row " + s.firstRow() + ", expected " + next);
      }
      next += s.entries();
    }
    if (next != metadata.entries()) {
      throw new IllegalArgumentException("shards hold " + next + " entries but the index says " + metadata.entries());
    }
  }

  /** Whether {@code dir} holds a sharded index (its manifest). */
  public static boolean isSharded(Path dir) {
    return Files.isRegularFile(dir.resolve(MANIFEST));
  }

  /** The manifest as JSON text. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("version", FORMAT_VERSION);
    m.put("metadata", metadata.toUserData());
    List<Map<String, Object>> list = new ArrayList<>();
    for (Shard s : shards) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("path", s.path());
      e.put("entries", s.entries());
      e.put("first_row", s.firstRow());
      list.add(e);
    }
    m.put("shards", list);
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads the manifest of the index in {@code dir}.
   *
   * @throws ReidIndexException when it is missing, too large, newer than this reader, or malformed
   */
  public static ShardedIndex read(Path dir) throws IOException {
    Path file = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(file)) {
      throw new ReidIndexException(dir, "no sharded index here (" + MANIFEST + " is missing)");
    }
    if (Files.size(file) > MAX_MANIFEST_BYTES) {
      throw new ReidIndexException(dir, MANIFEST + " is larger than " + (MAX_MANIFEST_BYTES >> 20) + " MB");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in.readAllBytes(), dir);
    }
  }

  /**
   * Parses manifest text; {@code dir} names the index in errors.
   *
   * @throws ReidIndexException when it is malformed or newer than this reader
   */
  public static ShardedIndex parse(byte[] json, Path dir) throws ReidIndexException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new ReidIndexException(dir, MANIFEST + " is not JSON (" + e.getMessage() + ")");
    }
    if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
      throw new ReidIndexException(dir, MANIFEST + " is not a sharded re-id index manifest");
    }
    int version = root.path("version").asInt(-1);
    if (version > FORMAT_VERSION) {
      throw new ReidIndexException(dir, "sharded index format " + version + " is newer than this program's ("
          + FORMAT_VERSION + "); update solider-dl4j");
    }
    Map<String, String> data = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("metadata").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      data.put(e.getKey(), e.getValue().asText());
    }
    IndexMetadata metadata = IndexMetadata.fromUserData(data, dir);
    try {
      List<Shard> shards = new ArrayList<>();
      for (JsonNode s : root.path("shards")) {
        shards.add(new Shard(s.path("path").asText(null), s.path("entries").asLong(-1), s.path("first_row").asLong(-1)));
      }
      return new ShardedIndex(metadata, shards);
    } catch (IllegalArgumentException e) {
      throw new ReidIndexException(dir, "malformed " + MANIFEST + ": " + e.getMessage(), e);
    }
  }
}
