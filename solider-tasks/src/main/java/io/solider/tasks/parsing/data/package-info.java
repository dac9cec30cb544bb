/** Human parsing data: LIP images, 8-bit part masks and id lists. */
package io.solider.tasks.parsing.data;
