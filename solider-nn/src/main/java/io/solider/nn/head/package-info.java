/**
 * Task heads as SameDiff graphs on backbone features, trained with losses computed in Java:
 * {@link io.solider.nn.head.HeadGraph} returns the gradients of its parameters and of its feature
 * inputs (for {@code RecomputingBackbone.backward}) and the batch norms' statistics to commit after
 * the step. See docs/LAYERS.md.
 */
package io.solider.nn.head;
