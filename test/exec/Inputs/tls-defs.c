// Thread-local definitions for tls.c, in another translation unit so that
// tls.c reaches them as extern __thread (initial-exec).
__thread int counter = 5;
__thread long arr[4] = {10, 20, 30, 40};
