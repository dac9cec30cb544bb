package io.solider.nn.util;

import java.io.OutputStream;
import java.io.PrintStream;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Creates a SameDiff graph's gradient function up front. SameDiff 1.0.0-M2.1 prints one line per
 * op to standard output while it differentiates a graph ("Added differentiated op …", an
 * unconditional System.out call); that would flood a user's console and corrupt output that
 * tools print on stdout, so the lines are swallowed here.
 */
public final class GradientFunctions {

  private GradientFunctions() {}

  /** Builds the gradient function of {@code sd} (loss variables must be set) without its stdout noise. */
  public static synchronized void create(SameDiff sd) {
    PrintStream original = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      sd.createGradFunction();
    } finally {
      System.setOut(original);
    }
  }
}
