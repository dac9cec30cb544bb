package io.solider.nn.checkpoint;

/**
 * Raised while interpreting a pickle when its content cannot describe a state dict (a wrong
 * argument, an unhashable key, a cycle, a limit exceeded). The message is plain language without
 * Java types; {@link PickleReader} turns it into a {@link CheckpointException} naming the file,
 * the pickle and the offset.
 */
final class MalformedPickle extends RuntimeException {

  private static final long serialVersionUID = 1L;

  MalformedPickle(String message) {
    super(message, null, false, false);
  }
}
