// The stack protector guard as a global variable in its own file: the other
// file reaches it as an external symbol (GOT in plain -fpie).
unsigned long __stack_chk_guard = 0x5a5a1234deadbeefUL;
