/** SOLIDER's losses: the DINO self-distillation loss with its center state, and the part-classification loss. */
package io.solider.ssl.loss;
