/** The DINO projection head and the part classifier as SameDiff graph code. */
package io.solider.ssl.heads;
