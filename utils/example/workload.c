/* The example image's workload: a miniature "kernel" with a task table, a
 * command dispatcher, a string table and some arithmetic. It uses globals,
 * arrays indexed by variables, pointers stored in data (fixed up by
 * self_relocate), function pointers, a switch, floating-point constants,
 * struct copies (memcpy) and a hook that is an undefined weak symbol. */
#include "sys.h"

struct task {
  const char *name;
  long (*run)(long arg);
  int priority;
  long arg;
};

/* Data in other translation units: plain -fpie would reach these through
 * the GOT. */
extern long counters[8];
extern long tick;
extern const char *banner;
long op_double(long v);
long op_square(long v);
long op_collatz(long v);

/* A board hook no board provides: its address must read as 0. */
extern void board_hook(void) __attribute__((weak));

static long op_negate(long v) { return -v; }
static long op_fib(long v) {
  long a = 0, b = 1;
  while (v-- > 0) {
    long t = a + b;
    a = b;
    b = t;
  }
  return a;
}

/* Pointer tables are writable data: self_relocate fixes them at start-up. */
struct task tasks[] = {
    {"double", op_double, 3, 21},   {"square", op_square, 1, 12},
    {"negate", op_negate, 2, 7},    {"fib", op_fib, 5, 40},
    {"collatz", op_collatz, 4, 27},
};
long (*syscall_table[])(long) = {op_double, op_square, op_negate, op_fib,
                                 op_collatz};
const char *level_names[] = {"debug", "info", "notice", "warn", "error"};

static int ntasks = sizeof(tasks) / sizeof(tasks[0]);
static char scratch[4096];

/* A command decoder; dense cases, so a jump table or lookup table. */
static long command(int op, long a, long b) {
  switch (op) {
  case 0:
    return a + b;
  case 1:
    return a - b;
  case 2:
    return a * b;
  case 3:
    return b ? a / b : 0;
  case 4:
    return a << (b & 15);
  case 5:
    return a ^ b;
  case 6:
    return a | b;
  default:
    return -1;
  }
}

static const char *severity(long v) {
  int idx = v < 0 ? 4 : v > 1000000 ? 3 : v > 1000 ? 2 : v > 10 ? 1 : 0;
  return level_names[idx];
}

/* Double constants come from the constant pool. */
static long scaled(long v) {
  double d = (double)v * 1.0625 + 0.375;
  return (long)(d * 1000.0);
}

int workload(void) {
  put_str(1, banner);
  put_str(1, "\n");
  long sum = 0;
  for (int i = 0; i < ntasks; ++i) {
    struct task t = tasks[i]; /* struct copy */
    long r = t.run(t.arg);
    counters[i % 8] += r;
    tick += t.priority;
    sum += r;
    put_str(1, "task ");
    put_str(1, t.name);
    put_str(1, " -> ");
    put_dec(1, r);
    put_str(1, " [");
    put_str(1, severity(r));
    put_str(1, "]\n");
  }
  long acc = 7;
  for (int op = 0; op < 8; ++op)
    acc = command(op, acc, op + 2) + syscall_table[op % 5](op);
  put_line(1, "dispatch acc = ", acc);
  put_line(1, "sum = ", sum);
  put_line(1, "tick = ", tick);
  put_line(1, "scaled = ", scaled(sum % 1000));
  memset(scratch, 'x', sizeof(scratch));
  scratch[tick % sizeof(scratch)] = 0;
  put_line(1, "scratch len = ", (long)strlen(scratch));
  put_line(1, "hook present = ", board_hook != 0);
  if (board_hook)
    board_hook();
  put_line(1, "tasks same = ", tasks[2].run == op_negate);
  return (int)(sum & 63);
}
