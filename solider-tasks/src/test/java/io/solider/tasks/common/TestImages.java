package io.solider.tasks.common;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The deterministic test images of {@code detection/make_augment_reference.py}, and SHA-256 digests. */
public final class TestImages {

  private TestImages() {}

  /** Byte i of the H×W×3 image: bits 13..20 of (i·2654435761 + seed·97) mod 2³². */
  public static U8Image noise(int h, int w, int seed) {
    byte[] d = new byte[h * w * 3];
    for (int i = 0; i < d.length; i++) {
      long v = ((i * 2654435761L + seed * 97L) & 0xFFFFFFFFL) >>> 13;
      d[i] = (byte) (v & 255);
    }
    return new U8Image(h, w, 3, d);
  }

  /** Channel c of pixel (y, x): ((x·(7 + seed mod 5) + y·(3 + seed mod 7)) div 4 + 60·c + 13·seed) mod 256. */
  public static U8Image smooth(int h, int w, int seed) {
    byte[] d = new byte[h * w * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          d[3 * (y * w + x) + c] = (byte) (((x * (7 + seed % 5) + y * (3 + seed % 7)) / 4 + 60 * c + 13 * seed) % 256);
        }
      }
    }
    return new U8Image(h, w, 3, d);
  }

  /** All 2²⁴ byte triples in order, as rows of {@code width} pixels (the incomplete last row dropped). */
  public static U8Image everyTriple(int width) {
    int n = (1 << 24) / width * width;
    byte[] d = new byte[3 * n];
    for (int i = 0; i < n; i++) {
      d[3 * i] = (byte) (i >> 16);
      d[3 * i + 1] = (byte) (i >> 8);
      d[3 * i + 2] = (byte) i;
    }
    return new U8Image(n / width, width, 3, d);
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SHA-256 of float32 values in little-endian order, as numpy's {@code tobytes()}. */
  public static String sha256(float[] values) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * values.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return sha256(b.array());
  }
}
