/**
 * SeqNet's detector mechanics as plain Java on arrays, exactly as torchvision 0.8.2 computes
 * them: anchors, matching, balanced sampling, RPN targets and proposal selection, RoI sampling,
 * the norm-aware embedding's normalisation and rescaled norm, and the two-stage inference
 * post-processing. The networks that produce the logits, deltas and features are SameDiff graphs
 * built on top of these.
 */
package io.solider.tasks.search.head;
