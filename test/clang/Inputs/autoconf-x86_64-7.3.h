/* The configuration macros of an x86-64 SMP Linux 7.3 (generated/autoconf.h,
 * abridged): CONFIG_X86_64_SMP is gone. */
#define CONFIG_64BIT 1
#define CONFIG_X86_64 1
#define CONFIG_SMP 1
