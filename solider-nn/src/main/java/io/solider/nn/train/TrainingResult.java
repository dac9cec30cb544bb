package io.solider.nn.train;

import java.util.List;

/**
 * What one call of {@link TrainingLoop#run} did.
 *
 * @param run the trained run (model, optimiser state)
 * @param steps the steps run by this call, in order
 * @param initial the evaluation before training, or null
 * @param evaluation the evaluation at the end of this call, or null
 * @param next where a resumed run would continue
 * @param stopped whether {@code maxIterations} stopped the call before the last epoch ended
 */
public record TrainingResult<R, S extends StepRecord>(R run, List<S> steps, Evaluation initial,
    Evaluation evaluation, Position next, boolean stopped) {}
