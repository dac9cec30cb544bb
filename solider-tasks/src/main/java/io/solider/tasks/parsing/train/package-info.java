/**
 * Human parsing training recipe pieces that do not need the model: the release's per-epoch
 * learning rate ({@link io.solider.tasks.parsing.train.SchpSchedule}) and its self-correction
 * cycles ({@link io.solider.tasks.parsing.train.SchpCycles}).
 */
package io.solider.tasks.parsing.train;
