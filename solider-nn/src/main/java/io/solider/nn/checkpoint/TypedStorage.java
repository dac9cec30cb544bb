package io.solider.nn.checkpoint;

/** What a torch persistent id resolves to: the bytes of a storage and their element type. */
record TypedStorage(TensorDType dtype, TensorStorage storage) {}
