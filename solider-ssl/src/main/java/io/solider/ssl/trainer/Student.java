package io.solider.ssl.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The student network of a pretraining run (backbone, DINO head, part classifier) and the loss
 * and gradients of one step. Two implementations compute the same numbers: {@link StudentGraph}
 * (one SameDiff graph, every activation kept) and {@link RecomputingStudent} (the backbone
 * recomputed block by block, a small graph for heads and losses), which needs far less memory.
 */
public interface Student {

  /**
   * One step's outputs.
   *
   * @param gradients d loss / d parameter for the requested names the loss reaches (parameters it
   *     does not reach, such as {@code norm0..2} and the last stage's controller, are absent)
   */
  record Step(double dinoLoss, double semanticLoss, INDArray partLogits, Map<String, INDArray> gradients) {}

  /** Every parameter by key; the arrays are the network's own (updates act in place). */
  Map<String, INDArray> parameters();

  /** Last-stage tokens per global view (h·w). */
  int tokensPerMap();

  /**
   * Losses and gradients of one step.
   *
   * @param inputs the whole graph's placeholders by name: {@code global/…} and {@code local/…}
   *     backbone inputs ({@code SwinBackbone.scoped}) and the head placeholders of
   *     {@link StudentGraph}
   * @param names parameters whose gradients are wanted
   */
  Step lossAndGradients(Map<String, INDArray> inputs, List<String> names);

  /** The parameters the optimiser updates: backbone and DINO head, plus the part classifier if asked. */
  default List<String> trainable(boolean withPartClassifier) {
    List<String> names = new ArrayList<>();
    for (String k : parameters().keySet()) {
      if (k.startsWith(StudentGraph.BACKBONE + ".") || k.startsWith(StudentGraph.HEAD + ".")
          || withPartClassifier && k.startsWith(StudentGraph.PART_CLASSIFIER + ".")) {
        names.add(k);
      }
    }
    return names;
  }
}
