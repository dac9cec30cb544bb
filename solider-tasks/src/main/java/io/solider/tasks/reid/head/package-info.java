/** The re-id head: BatchNorm neck and bias-free identity classifier. */
package io.solider.tasks.reid.head;
