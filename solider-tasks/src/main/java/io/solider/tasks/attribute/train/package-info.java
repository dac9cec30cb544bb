/**
 * Attribute training with the release's recipe: {@link io.solider.tasks.attribute.train.AttributeTrainer}
 * (data, loop, evaluation), {@link io.solider.tasks.attribute.train.AttributeTraining} (the step,
 * the end-of-epoch test pass, the best model), {@link io.solider.tasks.attribute.train.AttributeTrainConfig}
 * (the recipe), {@link io.solider.tasks.attribute.train.AttributeModel} (backbone + head in the
 * release's layouts) and {@link io.solider.tasks.attribute.train.AttributePredictor} (the release's
 * pass over an evaluation split, and the pooled features it computes), and
 * {@link io.solider.tasks.attribute.train.AttributeProbe} (a linear probe on those features, cached
 * once, trained with the trainer's step).
 */
package io.solider.tasks.attribute.train;
