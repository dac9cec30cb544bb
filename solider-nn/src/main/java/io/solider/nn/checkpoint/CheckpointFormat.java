package io.solider.nn.checkpoint;

/** File formats {@link Checkpoints#read} recognises by their first bytes. */
public enum CheckpointFormat {
  /** {@code torch.save} since PyTorch 1.6: a zip of {@code data.pkl} and one record per storage. */
  TORCH_ZIP,
  /** {@code torch.save(..., _use_new_zipfile_serialization=False)}: pickles followed by raw storages. */
  TORCH_LEGACY,
  /** {@code numpy.savez}: a zip of {@code .npy} files named after the keys. */
  NPZ,
  /** Hugging Face safetensors: a JSON header followed by raw tensor bytes. */
  SAFETENSORS
}
