/**
 * Main programs of a page or less, one per task, that run the task through the Java API (not the
 * command line): load a checkpoint, run it on a few images, print or draw the result.
 */
package io.solider.examples;
