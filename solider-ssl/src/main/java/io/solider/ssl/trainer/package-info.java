/** The SOLIDER pretraining loop: schedules, student/teacher graphs, AdamW step, EMA teacher, checkpoints, logs. */
package io.solider.ssl.trainer;
