/* The configuration macros of an x86-64 SMP kernel up to 6.14
 * (generated/autoconf.h, abridged). */
#define CONFIG_64BIT 1
#define CONFIG_X86_64 1
#define CONFIG_SMP 1
#define CONFIG_X86_64_SMP 1
