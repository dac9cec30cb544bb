/**
 * CSP training targets (centre Gaussians, ignore mask, scale window, offsets) and the three
 * losses, each as value and gradient with respect to the head outputs, exactly as the release
 * computes them.
 */
package io.solider.tasks.detection.loss;
