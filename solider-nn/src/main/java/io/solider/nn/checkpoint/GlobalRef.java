package io.solider.nn.checkpoint;

/** A whitelisted pickle global ({@code module.name}), as a value on the unpickler's stack. */
record GlobalRef(String module, String name) {

  String qualified() {
    return module + "." + name;
  }

  @Override
  public String toString() {
    return qualified();
  }
}
