package io.solider.tasks.common;

/**
 * How a box's extent is measured from its corners {@code x1, y1, x2, y2}: the two conventions of
 * detection code. Corner boxes are laid out as {@code [x1, y1, x2, y2]} (four values per box).
 */
public enum BoxOverlap {
  /** Width {@code x2 − x1} (torchvision, mmdetection ≥ 2, COCO). */
  CONTINUOUS(0),
  /** Width {@code x2 − x1 + 1}, pixels counted inclusively (Detectron, mmdetection 1.x, Pedestron). */
  PIXEL_INCLUSIVE(1);

  private final int offset;

  BoxOverlap(int offset) {
    this.offset = offset;
  }

  /** 0 or 1: what is added to {@code x2 − x1}. */
  public int offset() {
    return offset;
  }

  /** IoU of boxes {@code a[ia..ia+3]} and {@code b[ib..ib+3]}, in double precision; 0 when disjoint. */
  public double iou(double[] a, int ia, double[] b, int ib) {
    double w = Math.max(0, Math.min(a[ia + 2], b[ib + 2]) - Math.max(a[ia], b[ib]) + offset);
    double h = Math.max(0, Math.min(a[ia + 3], b[ib + 3]) - Math.max(a[ia + 1], b[ib + 1]) + offset);
    double inter = w * h;
    double areaA = (a[ia + 2] - a[ia] + offset) * (a[ia + 3] - a[ia + 1] + offset);
    double areaB = (b[ib + 2] - b[ib] + offset) * (b[ib + 3] - b[ib + 1] + offset);
    return inter / (areaA + areaB - inter);
  }

  /**
   * IoU in float32 arithmetic, operation for operation as the CUDA/C++ kernels compute it on
   * float tensors (mmdetection's {@code devIoU}, torchvision's {@code nms}).
   */
  public float iou(float[] a, int ia, float[] b, int ib) {
    float w = Math.max(Math.min(a[ia + 2], b[ib + 2]) - Math.max(a[ia], b[ib]) + offset, 0f);
    float h = Math.max(Math.min(a[ia + 3], b[ib + 3]) - Math.max(a[ia + 1], b[ib + 1]) + offset, 0f);
    float inter = w * h;
    float areaA = (a[ia + 2] - a[ia] + offset) * (a[ia + 3] - a[ia + 1] + offset);
    float areaB = (b[ib + 2] - b[ib] + offset) * (b[ib + 3] - b[ib + 1] + offset);
    return inter / (areaA + areaB - inter);
  }

  /**
   * The {@code n × m} float32 IoU matrix of corner boxes {@code a} (n×4) and {@code b} (m×4),
   * row-major: with {@link #CONTINUOUS}, torchvision's {@code box_iou} operation for operation.
   */
  public float[] iouMatrix(float[] a, float[] b) {
    int n = TorchvisionBoxes.count(a);
    int m = TorchvisionBoxes.count(b);
    float[] out = new float[n * m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        out[i * m + j] = iou(a, 4 * i, b, 4 * j);
      }
    }
    return out;
  }

  /** The {@code n × m} IoU matrix of corner boxes {@code a} (n×4) and {@code b} (m×4), row-major. */
  public double[] iouMatrix(double[] a, double[] b) {
    int n = a.length / 4;
    int m = b.length / 4;
    double[] out = new double[n * m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        out[i * m + j] = iou(a, 4 * i, b, 4 * j);
      }
    }
    return out;
  }
}
