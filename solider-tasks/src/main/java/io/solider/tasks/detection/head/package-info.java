/**
 * The CSP head's test-time side: decoding the centre, scale and offset maps into boxes and the
 * release's post-processing (top cells, score threshold, NMS, maximum detections).
 */
package io.solider.tasks.detection.head;
