/**
 * SeqNet's loss terms as plain Java, each returning its value and its gradient with respect to
 * the head outputs it reads: RPN objectness and box regression, the two detection stages'
 * classification and regression, and OIM with its look-up table and circular queue.
 */
package io.solider.tasks.search.loss;
