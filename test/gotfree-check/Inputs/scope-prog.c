// A small program for scope.test: globals, an indexed table and libc calls.
#include <stdio.h>
#include <string.h>

int counter_ext = 3;
static int table[8];

int main(int argc, char **argv) {
  for (int i = 0; i < 8; ++i)
    table[i] = i * counter_ext;
  printf("%d %d\n", table[argc], (int)strlen(argv[0]) > 0);
  return 0;
}
