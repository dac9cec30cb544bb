package io.solider.tasks.parsing.loss;

import io.solider.tasks.parsing.head.ScoreMaps;

/**
 * One loss value and its gradient with respect to the score maps it read.
 *
 * @param value the loss
 * @param gradient ∂value/∂logits, the logits' shape
 */
public record LossTerm(double value, ScoreMaps gradient) {}
