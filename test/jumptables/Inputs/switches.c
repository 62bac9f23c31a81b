// Switch statements that become jump tables, with every case executed by
// main(): dense and sparse switches, two tables in one function, switches
// in a loop (the dispatch gets tail-duplicated into several jumps sharing one
// table), and a dispatch under register pressure. Used by the execution
// tests (compared with a baseline build) and the object checks.
#include <stdio.h>

#define NOINLINE __attribute__((noinline))

static volatile int sink;
NOINLINE void note(int v) { sink += v; }

NOINLINE int dense(int x) {
  switch (x) {
  case 0: note(1); return 11;
  case 1: note(2); return 22;
  case 2: note(3); return 5;
  case 3: note(4); return 99;
  case 4: note(5); return 7;
  case 5: note(6); return 3;
  case 6: note(7); return 8;
  default: return -1;
  }
}

// Two clusters far apart: two tables (or one table plus compares).
NOINLINE int sparse(long x) {
  switch (x) {
  case 100: note(1); return 1;
  case 101: note(2); return 2;
  case 102: note(3); return 3;
  case 103: note(4); return 4;
  case 104: note(5); return 5;
  case 900000: note(6); return 6;
  case 900001: note(7); return 7;
  case 900002: note(8); return 8;
  case 900003: note(9); return 9;
  case 900004: note(10); return 10;
  case -77: return 11;
  default: return 0;
  }
}

// Two jump tables in one function.
NOINLINE int two_tables(int a, int b, int *p) {
  int r = 0;
  switch (a) {
  case 0: p[0] += 1; r = 1; break;
  case 1: p[1] += 2; r = 3; break;
  case 2: p[2] += 3; r = 8; break;
  case 3: p[3] += 4; r = 14; break;
  case 4: p[0] += 5; r = 31; break;
  case 5: p[1] += 6; r = 41; break;
  default: p[2] -= 1; break;
  }
  switch (b) {
  case 10: p[3] ^= 7; return r;
  case 11: p[0] *= 3; return r + 50;
  case 12: p[1] -= 9; return r + 61;
  case 13: p[2] |= 16; return r + 92;
  case 14: p[3] += 100; return r + 2;
  case 15: p[0] -= 50; return r + 3;
  default: return r;
  }
}

// A byte-code loop: the dispatch is duplicated into the cases.
NOINLINE long interp(const unsigned char *code, long acc) {
  for (;;) {
    switch (*code++) {
    case 0: return acc;
    case 1: acc += 3; break;
    case 2: acc *= 5; break;
    case 3: acc -= 7; break;
    case 4: acc ^= 0x55; break;
    case 5: acc = acc / 2 + 1; break;
    case 6: note((int)acc); break;
    case 7: acc += *code++; break;
    default: acc = -acc; break;
    }
  }
}

// Many values live across the switch: the dispatch competes for registers.
NOINLINE long pressure(int sel, long a, long b, long c, long d, long e,
                       long f) {
  long g = a * b, h = c * d, i = e * f, j = a + f, k = b + e, l = c + d;
  long m = g ^ h, n = h ^ i, o = i ^ j;
  long out;
  switch (sel) {
  case 0: out = g + h; note(1); break;
  case 1: out = h - i; note(2); break;
  case 2: out = i * j; note(3); break;
  case 3: out = j ^ k; note(4); break;
  case 4: out = k + l; note(5); break;
  case 5: out = l - m; note(6); break;
  case 6: out = m + n; note(7); break;
  default: out = o; break;
  }
  return out + g + h + i + j + k + l + m + n + o;
}

int main(void) {
  printf("dense:");
  for (int x = -1; x < 9; ++x)
    printf(" %d", dense(x));
  static const long keys[] = {100, 101, 102, 103, 104, 105, 900000, 900001,
                              900002, 900003, 900004, -77, 0, 99};
  printf("\nsparse:");
  for (unsigned i = 0; i < sizeof(keys) / sizeof(keys[0]); ++i)
    printf(" %d", sparse(keys[i]));
  int side[4] = {0, 0, 0, 0};
  printf("\ntwo:");
  for (int a = -1; a < 7; ++a)
    for (int b = 9; b < 17; ++b)
      printf(" %d", two_tables(a, b, side));
  printf(" side=[%d %d %d %d]", side[0], side[1], side[2], side[3]);
  static const unsigned char prog[] = {1, 2, 3, 4, 5, 6, 7, 9, 8, 2, 1,
                                       3, 7, 40, 4, 6, 5, 8, 0};
  printf("\ninterp: %ld %ld", interp(prog, 1), interp(prog + 5, -3));
  printf("\npressure:");
  for (int s = -1; s < 8; ++s)
    printf(" %ld", pressure(s, 3, 5, 7, 11, 13, 17));
  printf("\nsink: %d\n", sink);
  return 0;
}
