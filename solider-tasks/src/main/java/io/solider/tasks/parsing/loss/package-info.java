/**
 * The human parsing losses of the release (SCHP {@code utils/criterion.py}), each returning its
 * value and its gradient with respect to the logits it reads: {@link
 * io.solider.tasks.parsing.loss.PixelCrossEntropy}, {@link
 * io.solider.tasks.parsing.loss.LovaszSoftmax}, the class-balanced {@link
 * io.solider.tasks.parsing.loss.EdgeLoss}, the self-correction {@link
 * io.solider.tasks.parsing.loss.SchpKl}, the gradient-free {@link
 * io.solider.tasks.parsing.loss.ConsistencyTerm}, and their combination {@link
 * io.solider.tasks.parsing.loss.SchpCriterion}.
 */
package io.solider.tasks.parsing.loss;
