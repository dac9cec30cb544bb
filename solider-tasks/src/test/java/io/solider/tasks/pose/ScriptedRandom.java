package io.solider.tasks.pose;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;

/**
 * A generator answering {@code nextDouble()} and {@code nextGaussian()} from given values, the way
 * the reference script answers NumPy's {@code rand()} and {@code randn()}, so a transform given the
 * same draws must give the release's result. Every value must be used.
 */
public final class ScriptedRandom implements RandomGenerator {

  private final Deque<Double> uniforms = new ArrayDeque<>();
  private final Deque<Double> normals = new ArrayDeque<>();

  public ScriptedRandom(JsonNode uniforms, JsonNode normals) {
    if (uniforms != null) {
      uniforms.forEach(n -> this.uniforms.add(n.asDouble()));
    }
    if (normals != null) {
      normals.forEach(n -> this.normals.add(n.asDouble()));
    }
  }

  @Override
  public long nextLong() {
    throw new UnsupportedOperationException("only nextDouble() and nextGaussian() are scripted");
  }

  @Override
  public double nextDouble() {
    if (uniforms.isEmpty()) {
      throw new IllegalStateException("more uniform draws than the release made");
    }
    return uniforms.pop();
  }

  @Override
  public double nextGaussian() {
    if (normals.isEmpty()) {
      throw new IllegalStateException("more normal draws than the release made");
    }
    return normals.pop();
  }

  /** Whether every scripted value was drawn. */
  public boolean exhausted() {
    return uniforms.isEmpty() && normals.isEmpty();
  }
}
