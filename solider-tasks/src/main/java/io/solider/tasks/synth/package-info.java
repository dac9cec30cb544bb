/**
 * Procedural synthetic people written in the real benchmark layouts. {@link
 * io.solider.tasks.synth.SyntheticGenerator} draws articulated people (per identity a fixed
 * {@link io.solider.tasks.synth.Look}, per camera a {@link io.solider.tasks.synth.CameraStyle},
 * per image pose, crop, light and blur jitter) and returns the {@link
 * io.solider.tasks.synth.SynthTruth} of everything it wrote.
 */
package io.solider.tasks.synth;
