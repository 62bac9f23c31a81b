/* A second translation unit: data and functions the workload reaches from
 * outside, as separate kernel objects would. */
#include "sys.h"

long counters[8];
long tick = 100;
const char *banner = "gotfree example image: GOT-free self-relocating PIE";

long op_double(long v) { return 2 * v; }
long op_square(long v) { return v * v; }
long op_collatz(long v) {
  long steps = 0;
  while (v != 1) {
    v = (v & 1) ? 3 * v + 1 : v / 2;
    ++steps;
  }
  return steps;
}
