package io.solider.tasks.detection.head;

/**
 * The release's {@code test_cfg} for CSP and the head's output stride.
 *
 * @param nmsPre cells kept by score before decoding ({@code nms_pre}; ≤ 0 keeps all)
 * @param scoreThreshold scores must exceed this ({@code score_thr})
 * @param nmsIou NMS IoU threshold ({@code nms.iou_thr}), +1 pixel convention, IoU must exceed it
 * @param maxPerImage detections kept per image ({@code max_per_img})
 * @param stride output stride of the maps in pixels
 */
public record CspTestConfig(int nmsPre, float scoreThreshold, float nmsIou, int maxPerImage, int stride) {

  public CspTestConfig {
    if (maxPerImage < 1 || stride < 1) {
      throw new IllegalArgumentException("maxPerImage and stride must be positive");
    }
  }

  /** The release's values: 1000 cells, score &gt; 0.01, NMS 0.5, 100 detections, stride 4. */
  public static CspTestConfig release() {
    return new CspTestConfig(1000, 0.01f, 0.5f, 100, 4);
  }
}
