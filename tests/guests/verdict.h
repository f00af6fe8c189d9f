/*
 * verdict.h - a test guest's verdict as a trace record.
 *
 * The console is no place to read a verdict from: a hostile guest that
 * writes random bytes with console_io leaves a partial line behind, and
 * the hypervisor wraps it, so "Test result: SUCCESS: 500000 hypercalls"
 * may arrive split in two. The trace cannot split a record. A test
 * guest therefore ends with
 *
 *   lesson.mark lesson=0 what=VERDICT_MARK v0=<enum guest_result> v1=<count>
 *
 * (xenlab_op makes room for a mark even when the trace ring is full),
 * and then the usual "Test result:" line for people.
 */
#ifndef TESTS_GUESTS_VERDICT_H
#define TESTS_GUESTS_VERDICT_H

#include "guest/libguest.h"

#define VERDICT_MARK    100

#define test_verdict(result, count, ...)                                 \
    do {                                                                 \
        guest_mark(0, VERDICT_MARK, (result), (count));                  \
        guest_exit((result), __VA_ARGS__);                               \
    } while (0)

#endif /* TESTS_GUESTS_VERDICT_H */
