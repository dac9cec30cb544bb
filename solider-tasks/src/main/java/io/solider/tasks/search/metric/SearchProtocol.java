package io.solider.tasks.search.metric;

/** Which of the release's search evaluations to run. */
public enum SearchProtocol {
  /** {@code eval_search_cuhk}: each query lists its gallery scenes and where the person is in them. */
  CUHK_SYSU,
  /** {@code eval_search_prw}: the gallery is every other scene; targets are the boxes with the query's pid. */
  PRW
}
