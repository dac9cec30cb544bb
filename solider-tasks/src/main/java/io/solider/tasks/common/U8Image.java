package io.solider.tasks.common;

import java.awt.image.BufferedImage;

/**
 * An 8-bit image as OpenCV and numpy hold it: {@code height × width × channels} bytes, row-major,
 * channels interleaved (index {@code (y·width + x)·channels + c}), in whatever order the producer
 * chose (OpenCV-style code reads BGR, e.g. the pixels {@code cv2.imread} returns). The array is
 * shared, not copied; operations return new images. The one 8-bit image type of the tasks (parsing's
 * crops, detection's augmentation, {@link AffineWarp}, {@link Cv2Resize}, {@link Cv2Hsv}).
 *
 * @param height rows
 * @param width columns
 * @param channels values per pixel
 * @param data {@code height·width·channels} unsigned bytes
 */
public record U8Image(int height, int width, int channels, byte[] data) {

  public U8Image {
    if (height < 0 || width < 0 || channels < 1) {
      throw new IllegalArgumentException("image needs non-negative sizes and at least one channel, got " + height
          + "×" + width + "×" + channels);
    }
    if (data.length != (long) height * width * channels) {
      throw new IllegalArgumentException(height + "×" + width + "×" + channels + " image needs "
          + (long) height * width * channels + " bytes, got " + data.length);
    }
  }

  /** A black image. */
  public static U8Image zeros(int height, int width, int channels) {
    long n = (long) height * width * channels;
    if (height < 0 || width < 0 || channels < 1 || n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("cannot hold a " + height + "×" + width + "×" + channels + " image");
    }
    return new U8Image(height, width, channels, new byte[(int) n]);
  }

  /** The pixels of {@code img} in B, G, R order, as {@code cv2.imread} gives them. */
  public static U8Image bgr(BufferedImage img) {
    int h = img.getHeight();
    int w = img.getWidth();
    byte[] d = new byte[h * w * 3];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      img.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int p = row[x];
        int k = 3 * (y * w + x);
        d[k] = (byte) p;
        d[k + 1] = (byte) (p >> 8);
        d[k + 2] = (byte) (p >> 16);
      }
    }
    return new U8Image(h, w, 3, d);
  }

  /** This three-channel B, G, R image as a {@link BufferedImage}. */
  public BufferedImage toBufferedImageFromBgr() {
    if (channels != 3) {
      throw new IllegalStateException("need 3 channels, have " + channels);
    }
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int k = 3 * (y * width + x);
        row[x] = (data[k] & 0xff) | (data[k + 1] & 0xff) << 8 | (data[k + 2] & 0xff) << 16;
      }
      out.setRGB(0, y, width, 1, row, 0, width);
    }
    return out;
  }

  /** The value at row {@code y}, column {@code x}, channel {@code c} (0–255). */
  public int get(int y, int x, int c) {
    return data[(y * width + x) * channels + c] & 0xff;
  }

  /** Mirrored left to right ({@code cv2.flip(img, 1)}, numpy's {@code img[:, ::-1]}). */
  public U8Image flipHorizontal() {
    byte[] d = new byte[data.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        System.arraycopy(data, (y * width + x) * channels, d, (y * width + width - 1 - x) * channels, channels);
      }
    }
    return new U8Image(height, width, channels, d);
  }

  /** The window of {@code h × w} pixels at row {@code y0}, column {@code x0}, which must lie inside. */
  public U8Image crop(int y0, int x0, int h, int w) {
    if (y0 < 0 || x0 < 0 || h < 0 || w < 0 || y0 + h > height || x0 + w > width) {
      throw new IllegalArgumentException("crop " + h + "×" + w + " at (" + y0 + ", " + x0 + ") outside "
          + height + "×" + width);
    }
    byte[] d = new byte[h * w * channels];
    for (int y = 0; y < h; y++) {
      System.arraycopy(data, ((y0 + y) * width + x0) * channels, d, y * w * channels, w * channels);
    }
    return new U8Image(h, w, channels, d);
  }

  /** This image pasted onto a {@code h × w} canvas filled with {@code fill}, its top-left at (y0, x0). */
  public U8Image paste(int h, int w, int y0, int x0, int fill) {
    if (y0 < 0 || x0 < 0 || y0 + height > h || x0 + width > w) {
      throw new IllegalArgumentException(height + "×" + width + " image does not fit a " + h + "×" + w
          + " canvas at (" + y0 + ", " + x0 + ")");
    }
    byte[] d = new byte[h * w * channels];
    java.util.Arrays.fill(d, (byte) fill);
    for (int y = 0; y < height; y++) {
      System.arraycopy(data, y * width * channels, d, ((y0 + y) * w + x0) * channels, width * channels);
    }
    return new U8Image(h, w, channels, d);
  }

  /** {@code np.mean(img, dtype=int)}: the sum of all values over their count, truncated to an integer. */
  public int meanTruncated() {
    long sum = 0;
    for (byte b : data) {
      sum += b & 0xff;
    }
    return data.length == 0 ? 0 : (int) ((double) sum / data.length);
  }
}
