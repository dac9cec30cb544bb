/**
 * Pedestrian attribute recognition on SOLIDER (the release's SOLIDER-PersonAttributeRecognition):
 * testing a model over semantic weights ({@link io.solider.tasks.attribute.AttributeTest}) and
 * predicting a folder of crops ({@link io.solider.tasks.attribute.AttributePredict}); data, head,
 * loss, metric and training in the sub-packages.
 */
package io.solider.tasks.attribute;
