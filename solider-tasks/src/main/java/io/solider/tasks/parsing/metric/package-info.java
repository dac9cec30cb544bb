/**
 * Human parsing evaluation as the release computes it: one pixel {@link
 * io.solider.tasks.parsing.metric.ConfusionMatrix} over all images (GT 255 ignored), and pixel
 * accuracy, mean accuracy, per-class and mean IoU in percent ({@link
 * io.solider.tasks.parsing.metric.ParsingEvaluation}), from PNG folders ({@link
 * io.solider.tasks.parsing.metric.ParsingEvaluator}).
 */
package io.solider.tasks.parsing.metric;
