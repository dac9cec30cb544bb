/**
 * Pedestrian attribute data: readers of PA-100K's {@code annotation.mat} and a plain CSV layout
 * ({@link io.solider.tasks.attribute.data.AttributeDatasets} opens either), the release's train and
 * test transforms ({@link io.solider.tasks.attribute.data.AttributeTransform}) and examples ready
 * for a batch ({@link io.solider.tasks.attribute.data.AttributeExamples}).
 */
package io.solider.tasks.attribute.data;
