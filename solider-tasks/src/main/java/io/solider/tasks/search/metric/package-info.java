/**
 * Person-search evaluation exactly as the release's {@code eval_func.py}: detection recall and AP,
 * and the CUHK-SYSU and PRW ranking protocols (mAP, top-k), read from the exchange files of
 * {@code search-eval}.
 */
package io.solider.tasks.search.metric;
