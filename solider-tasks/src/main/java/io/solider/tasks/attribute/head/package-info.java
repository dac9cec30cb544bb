/**
 * The release's attribute head ({@link io.solider.tasks.attribute.head.AttributeHead}): average
 * pooling and a Linear layer with bias on the backbone's last map, forward and backward in plain
 * Java, with the release model's parameter names.
 */
package io.solider.tasks.attribute.head;
