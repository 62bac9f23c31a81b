// Minimal static init for the gotfree kernel boot test. It uses raw system
// calls and no libc so the initramfs is one small file that any kernel with
// BINFMT_ELF runs. It prints the marker the boot script waits for, waits
// until the console has sent it, and then exits: the kernel panics
// ("Attempted to kill init!"), and its panic notifier prints the "Kernel
// Offset" line the KASLR check reads.

#define SYS_WRITE 1
#define SYS_OPEN 2
#define SYS_IOCTL 16
#define SYS_EXIT 60
#define O_WRONLY 1
#define TCSBRK 0x5409

static long sysCall3(long Nr, long A, long B, long C) {
  long Ret;
  __asm__ volatile("syscall"
                   : "=a"(Ret)
                   : "a"(Nr), "D"(A), "S"(B), "d"(C)
                   : "rcx", "r11", "memory");
  return Ret;
}

static unsigned long stringLength(const char *S) {
  unsigned long N = 0;
  while (S[N])
    ++N;
  return N;
}

static void writeAll(int Fd, const char *S) {
  unsigned long Len = stringLength(S);
  while (Len > 0) {
    long Done = sysCall3(SYS_WRITE, Fd, (long)S, (long)Len);
    if (Done <= 0)
      return;
    S += Done;
    Len -= (unsigned long)Done;
  }
}

__attribute__((noreturn)) void _start(void) {
  // The kernel normally hands init /dev/console as fds 0-2; open it again in
  // case it could not.
  long Fd = sysCall3(SYS_OPEN, (long)"/dev/console", O_WRONLY, 0);
  if (Fd < 0)
    Fd = 1;
  writeAll((int)Fd, "\nGOTFREE-INIT-MARKER: userspace init is running\n");
  // tcdrain(): a write to the console tty only queues the text for the
  // UART, and the panic that follows init's exit does not flush that queue.
  // Without the wait a kernel with more to do at panic time (an
  // x86_64_defconfig one) sometimes lost the marker.
  sysCall3(SYS_IOCTL, Fd, TCSBRK, 1);
  sysCall3(SYS_EXIT, 0, 0, 0);
  for (;;)
    ;
}
