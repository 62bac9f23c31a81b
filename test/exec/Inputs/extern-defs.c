// Definitions in a separate translation unit: in the other file these are
// external declarations, which -fpie reaches through the GOT by default.
int ext_var = 42;
int ext_arr[64];
const char *ext_strs[] = {"zero", "one", "two", "three"};
struct ext_rec {
  int key;
  long val;
} ext_recs[8] = {{1, 10}, {2, 20}, {3, 30}, {4, 40}};

int ext_add(int a, int b) { return a + b; }
int ext_mul(int a, int b) { return a * b; }
int (*ext_op_ptr)(int, int) = ext_mul;

// Strong definition of a symbol that the other file declares weak.
int weak_but_defined_elsewhere(int x) { return x * 3; }

// Strong definition that overrides a weak one in the other file.
int overridden(void) { return 2; }

// Strong definition of an array that weak.c declares weak and indexes.
int weak_table_elsewhere[4] = {11, 12, 13, 14};
