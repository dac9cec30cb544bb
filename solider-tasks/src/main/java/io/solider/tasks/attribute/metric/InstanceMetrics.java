package io.solider.tasks.attribute.metric;

/**
 * The release's instance (per-image) metrics, each a mean over the images.
 *
 * @param acc mean of |pred ∩ truth| / (|pred ∪ truth| + ε)
 * @param prec mean of |pred ∩ truth| / (|pred| + ε)
 * @param recall mean of |pred ∩ truth| / (|truth| + ε)
 * @param f1 2·prec·recall / (prec + recall + ε) of the two means (not the mean of per-image F1)
 */
public record InstanceMetrics(double acc, double prec, double recall, double f1) {}
