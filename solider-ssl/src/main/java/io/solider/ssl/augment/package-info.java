/** Multi-crop augmentation of unlabelled person images and the multi-threaded loader that feeds the trainer. */
package io.solider.ssl.augment;
