package io.solider.tasks.common;

import java.awt.image.BufferedImage;

/**
 * An 8-bit image as OpenCV and numpy hold it: rows of interleaved channels (H, W, C), e.g. the
 * BGR pixels {@code cv2.imread} returns.
 *
 * @param height rows
 * @param width columns
 * @param channels samples per pixel
 * @param data height·width·channels bytes, index (y·width + x)·channels + c
 */
public record ByteImage(int height, int width, int channels, byte[] data) {

  public ByteImage {
    if (height < 1 || width < 1 || channels < 1) {
      throw new IllegalArgumentException("image needs positive sizes, got " + height + "×" + width + "×" + channels);
    }
    if ((long) height * width * channels != data.length) {
      throw new IllegalArgumentException(height + "×" + width + "×" + channels + " image needs "
          + (long) height * width * channels + " bytes, got " + data.length);
    }
  }

  /** The sample at (y, x, c), 0–255. */
  public int at(int y, int x, int c) {
    return data[(y * width + x) * channels + c] & 0xff;
  }

  /** The BGR pixels of {@code img} (what {@code cv2.imread(f, IMREAD_COLOR)} gives for the same pixels). */
  public static ByteImage bgr(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    int[] px = img.getRGB(0, 0, w, h, null, 0, w);
    byte[] d = new byte[w * h * 3];
    for (int i = 0; i < px.length; i++) {
      d[3 * i] = (byte) px[i];
      d[3 * i + 1] = (byte) (px[i] >> 8);
      d[3 * i + 2] = (byte) (px[i] >> 16);
    }
    return new ByteImage(h, w, 3, d);
  }

  /** The image as RGB, reading this 3-channel image as BGR. */
  public BufferedImage bgrToBufferedImage() {
    if (channels != 3) {
      throw new IllegalStateException("not a 3-channel image: " + channels);
    }
    int[] px = new int[width * height];
    for (int i = 0; i < px.length; i++) {
      px[i] = ((data[3 * i + 2] & 0xff) << 16) | ((data[3 * i + 1] & 0xff) << 8) | (data[3 * i] & 0xff);
    }
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, width, height, px, 0, width);
    return out;
  }

  /** The image mirrored left–right ({@code img[:, ::-1]}). */
  public ByteImage mirrored() {
    byte[] d = new byte[data.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        System.arraycopy(data, (y * width + x) * channels, d, (y * width + width - 1 - x) * channels, channels);
      }
    }
    return new ByteImage(height, width, channels, d);
  }
}
