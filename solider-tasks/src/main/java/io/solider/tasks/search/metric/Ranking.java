package io.solider.tasks.search.metric;

import java.util.Arrays;

/** A growing list of (float32 score, hit) pairs: the release's {@code y_score} and {@code y_true} lists. */
final class Ranking {

  private float[] scores = new float[64];
  private boolean[] truth = new boolean[64];
  private int size;

  void add(float score, boolean hit) {
    if (size == scores.length) {
      scores = Arrays.copyOf(scores, size * 2);
      truth = Arrays.copyOf(truth, size * 2);
    }
    scores[size] = score;
    truth[size++] = hit;
  }

  int size() {
    return size;
  }

  float[] scores() {
    return Arrays.copyOf(scores, size);
  }

  boolean[] truth() {
    return Arrays.copyOf(truth, size);
  }
}
