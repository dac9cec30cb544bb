package io.solider.nn.image;

import java.awt.image.BufferedImage;

/**
 * Bilinear resizing exactly as Pillow's {@code Image.resize(size, BILINEAR)} (libImaging
 * Resample.c), which torchvision's {@code Resize} uses for PIL images in the release's data
 * pipelines: a separable triangle filter whose support widens with the downscaling factor
 * (antialiasing), fixed-point coefficients with 22 fractional bits, horizontal pass first with
 * 8-bit rounding in between. Java2D's bilinear scaling does not antialias and differs visibly when
 * shrinking, so features of an image folder would not match the release's.
 */
public final class PilBilinear {

  private static final int PRECISION_BITS = 32 - 8 - 2;

  private PilBilinear() {}

  /** Coefficients of one pass: per output pixel the first input index, the count and the weights. */
  private record Coefficients(int[] first, int[] count, int[] weights, int ksize) {}

  /** Pillow's resampling filters used here: support (at scale 1) and kernel. */
  enum Filter {
    /** Triangle, support 1. */
    BILINEAR(1.0),
    /** Keys cubic with a = −0.5, support 2 (Pillow's bicubic_filter). */
    BICUBIC(2.0);

    final double support;

    Filter(double support) {
      this.support = support;
    }

    double weight(double x) {
      double a = Math.abs(x);
      if (this == BILINEAR) {
        return a < 1.0 ? 1.0 - a : 0.0;
      }
      double c = -0.5;
      if (a < 1.0) {
        return ((c + 2.0) * a - (c + 3.0)) * a * a + 1;
      }
      if (a < 2.0) {
        return (((a - 5) * a + 8) * a - 4) * c;
      }
      return 0.0;
    }
  }

  /** Resizes an RGB image to {@code width × height}. */
  public static BufferedImage resize(BufferedImage src, int height, int width) {
    return resize(src, height, width, Filter.BILINEAR);
  }

  /** Resizes an RGB image to {@code width × height} with Pillow's {@code filter}. */
  static BufferedImage resize(BufferedImage src, int height, int width, Filter filter) {
    int inW = src.getWidth();
    int inH = src.getHeight();
    int[] px = src.getRGB(0, 0, inW, inH, null, 0, inW);
    int[][] planes = new int[3][inW * inH];
    for (int i = 0; i < px.length; i++) {
      planes[0][i] = (px[i] >> 16) & 0xff;
      planes[1][i] = (px[i] >> 8) & 0xff;
      planes[2][i] = px[i] & 0xff;
    }
    Coefficients horiz = coefficients(inW, width, filter);
    Coefficients vert = coefficients(inH, height, filter);
    int rowFirst = vert.first()[0];
    int rowLast = vert.first()[height - 1] + vert.count()[height - 1];
    int[][] out = new int[3][];
    for (int c = 0; c < 3; c++) {
      int[] plane = planes[c];
      int curW = inW;
      int rowOffset = 0;
      int rows = inH;
      if (width != inW) {
        // Only the rows the vertical pass will read, as Pillow does.
        rows = rowLast - rowFirst;
        plane = horizontal(plane, inW, rowFirst, rows, horiz, width);
        curW = width;
        rowOffset = rowFirst;
      }
      if (height != inH) {
        plane = vertical(plane, curW, rowOffset, vert, height);
      }
      out[c] = plane;
    }
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] rgb = new int[width * height];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (out[0][i] << 16) | (out[1][i] << 8) | out[2][i];
    }
    img.setRGB(0, 0, width, height, rgb, 0, width);
    return img;
  }

  private static int[] horizontal(int[] in, int inW, int rowFirst, int rows, Coefficients k, int outW) {
    int[] out = new int[outW * rows];
    for (int y = 0; y < rows; y++) {
      int base = (y + rowFirst) * inW;
      for (int x = 0; x < outW; x++) {
        int first = k.first()[x];
        int off = x * k.ksize();
        long ss = 1L << (PRECISION_BITS - 1);
        for (int i = 0; i < k.count()[x]; i++) {
          ss += (long) in[base + first + i] * k.weights()[off + i];
        }
        out[y * outW + x] = clip8(ss);
      }
    }
    return out;
  }

  private static int[] vertical(int[] in, int w, int rowOffset, Coefficients k, int outH) {
    int[] out = new int[w * outH];
    for (int y = 0; y < outH; y++) {
      int first = k.first()[y] - rowOffset;
      int off = y * k.ksize();
      for (int x = 0; x < w; x++) {
        long ss = 1L << (PRECISION_BITS - 1);
        for (int i = 0; i < k.count()[y]; i++) {
          ss += (long) in[(first + i) * w + x] * k.weights()[off + i];
        }
        out[y * w + x] = clip8(ss);
      }
    }
    return out;
  }

  private static int clip8(long ss) {
    long v = ss >> PRECISION_BITS;
    return (int) Math.max(0, Math.min(255, v));
  }

  /** Pillow's precompute_coeffs with {@code filter}, then normalize_coeffs_8bpc. */
  private static Coefficients coefficients(int inSize, int outSize, Filter filter) {
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = filter.support * filterScale;
    int ksize = (int) Math.ceil(support) * 2 + 1;
    int[] first = new int[outSize];
    int[] count = new int[outSize];
    int[] weights = new int[outSize * ksize];
    double[] k = new double[ksize];
    for (int xx = 0; xx < outSize; xx++) {
      double center = (xx + 0.5) * scale;
      double ss = 1.0 / filterScale;
      int xmin = (int) (center - support + 0.5);
      if (xmin < 0) {
        xmin = 0;
      }
      int xmax = (int) (center + support + 0.5);
      if (xmax > inSize) {
        xmax = inSize;
      }
      xmax -= xmin;
      double ww = 0;
      for (int x = 0; x < xmax; x++) {
        double w = filter.weight((x + xmin - center + 0.5) * ss);
        k[x] = w;
        ww += w;
      }
      for (int x = 0; x < xmax; x++) {
        double w = ww != 0.0 ? k[x] / ww : k[x];
        weights[xx * ksize + x] = (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS));
      }
      first[xx] = xmin;
      count[xx] = xmax;
    }
    return new Coefficients(first, count, weights, ksize);
  }
}
