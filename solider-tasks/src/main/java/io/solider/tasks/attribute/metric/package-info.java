/**
 * The release's pedestrian-attribute evaluation ({@code get_pedestrian_metrics}), number for
 * number: {@link io.solider.tasks.attribute.metric.AttributeEvaluator} computes an
 * {@link io.solider.tasks.attribute.metric.AttributeEvaluation} (mA, instance and per-attribute
 * metrics) from thresholded probabilities; {@link io.solider.tasks.attribute.metric.AttributeScoreFiles}
 * reads and checks the {@code .npy} matrices of {@code attr-eval}.
 */
package io.solider.tasks.attribute.metric;
