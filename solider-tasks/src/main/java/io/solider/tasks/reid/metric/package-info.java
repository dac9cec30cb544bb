/** Re-identification evaluation: mAP and CMC with the standard Market-1501 protocol. */
package io.solider.tasks.reid.metric;
