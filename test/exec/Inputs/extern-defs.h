// Declarations matching Inputs/extern-defs.c.
extern int ext_var;
extern int ext_arr[64];
extern const char *ext_strs[];
struct ext_rec {
  int key;
  long val;
};
extern struct ext_rec ext_recs[8];
int ext_add(int a, int b);
int ext_mul(int a, int b);
extern int (*ext_op_ptr)(int, int);
