/* work.h: the CPU-bound loop the runtime's test targets burn time in. One unit is a fixed
 * number of iterations (about 0.1 s of CPU at -O0 here), so work ratios are exact. */
#ifndef PERFAUDIT_TEST_WORK_H
#define PERFAUDIT_TEST_WORK_H

#include <stdint.h>
#include <stdlib.h>

#define WORK_UNIT 85000000ULL

/* Units from the environment (TEST_UNIT_SCALE scales every target, default 1). */
static inline uint64_t work_iterations(double units)
{
    const char *s = getenv("TEST_UNIT_SCALE");
    double scale = s ? atof(s) : 1.0;
    return (uint64_t)(units * scale * (double)WORK_UNIT);
}

#endif
