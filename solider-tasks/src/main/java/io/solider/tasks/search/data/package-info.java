/** Person search data: CUHK-SYSU and PRW scenes, boxes, identities and query protocols from their .mat files. */
package io.solider.tasks.search.data;
