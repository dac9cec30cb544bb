/**
 * Attribute training with the release's recipe: {@link io.solider.tasks.attribute.train.AttributeTrainer}
 * (data, loop, evaluation), {@link io.solider.tasks.attribute.train.AttributeTraining} (the step,
 * the end-of-epoch test pass, the best model), {@link io.solider.tasks.attribute.train.AttributeTrainConfig}
 * (the recipe), {@link io.solider.tasks.attribute.train.AttributeModel} (backbone + head in the
 * release's layouts) and {@link io.solider.tasks.attribute.train.AttributePredictor} (the release's
 * pass over an evaluation split).
 */
package io.solider.tasks.attribute.train;
