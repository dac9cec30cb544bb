/**
 * Person search data: CUHK-SYSU and PRW scenes, boxes, identities and query protocols from their
 * .mat files; the release's training transform and the detector's input transform
 * (GeneralizedRCNNTransform); the test protocol written as search-eval's exchange files.
 */
package io.solider.tasks.search.data;
