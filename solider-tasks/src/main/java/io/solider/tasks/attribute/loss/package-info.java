/**
 * The release's attribute loss: binary cross-entropy on the logits, weighted per attribute from
 * the training split's positive ratio ({@link io.solider.tasks.attribute.loss.WeightedBceLoss}),
 * returning the value and its gradient with respect to the logits.
 */
package io.solider.tasks.attribute.loss;
