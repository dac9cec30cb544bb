package io.solider.tasks.reid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.tasks.common.ReferenceArrays;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reference numbers from PyTorch / Pillow: {@code reid/train_reference.json} (make_train_reference.py). */
public final class Reference {

  private static JsonNode root;

  private Reference() {}

  public static synchronized JsonNode get(String key) {
    if (root == null) {
      try (InputStream in = Reference.class.getResourceAsStream("/reid/train_reference.json")) {
        root = new ObjectMapper().readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root.get(key);
  }

  /** A nested JSON array flattened in row-major order, as float32 ({@link ReferenceArrays#floats}). */
  public static float[] floats(JsonNode n) {
    return ReferenceArrays.floats(n);
  }

  public static int[] ints(JsonNode n) {
    float[] f = floats(n);
    int[] a = new int[f.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.round(f[i]);
    }
    return a;
  }
}
