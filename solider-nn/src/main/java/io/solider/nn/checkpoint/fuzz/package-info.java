/**
 * Mutation fuzzing of the checkpoint reader ({@link io.solider.nn.checkpoint.Checkpoints}): small
 * seed files of every format, a mutator that breaks them blindly and structurally, and a runner
 * that requires a clean load or the reader's own exception from every mutant within a time
 * limit. Used by the test suite (a few hundred mutants) and by {@code solider bench
 * checkpoint-fuzz} (docs/SECURITY.md).
 */
package io.solider.nn.checkpoint.fuzz;
