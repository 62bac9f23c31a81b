//===- DispatchMark.h - Which jump does which jump table --------*- C++ -*-===//
//
// Right after instruction selection every jump-table dispatch (the indirect
// jmp) is marked with the index of its table. The mark is !pcsections
// metadata on the jmp: MachineInstr copies keep it (tail duplication, block
// placement) and memory-operand folding keeps it (a spilled jump target
// reloaded into the jmp), so it moves with the instruction. The late emitter
// turns each mark into the annotation and removes it before the AsmPrinter.
//
//===----------------------------------------------------------------------===//

#ifndef GOTFREE_JUMPTABLES_DISPATCHMARK_H
#define GOTFREE_JUMPTABLES_DISPATCHMARK_H

#include <optional>
#include <string>

namespace llvm {
class GlobalValue;
class MachineFunction;
class MachineInstr;
class MachineRegisterInfo;
} // namespace llvm

namespace gotfree {
class X86Names;

/// The !pcsections section names that carry the marks.
constexpr const char *JumpTableMarkName = "gotfree.jump-table";
constexpr const char *CJumpTableMarkName = "gotfree.c-jump-table";

/// Marks \p MI as the dispatch of jump table \p JTI, keeping any other
/// !pcsections entry it has.
void setJumpTableMark(llvm::MachineInstr &MI, unsigned JTI);

/// The table index \p MI is marked with.
std::optional<unsigned> getJumpTableMark(const llvm::MachineInstr &MI);

/// Removes the mark, leaving other !pcsections entries alone.
void clearJumpTableMark(llvm::MachineInstr &MI);

/// The jump table an indirect branch dispatches through, in SSA form: the
/// table whose address its target is computed from, or, failing that, the
/// only table whose blocks are exactly the branch's successors.
std::optional<unsigned> findDispatchedTable(const llvm::MachineInstr &MI);

/// The section of the kernel's C jump tables (objtool's
/// C_JUMP_TABLE_SECTION): arrays of label addresses that a computed goto
/// indexes (`goto *jumptable[op]`, ___bpf_prog_run), which objtool follows
/// like the compiler's own tables.
constexpr const char *CJumpTableSection = ".data.rel.ro.c_jump_table";

/// The C jump table \p MI, an indirect jmp, indexes in SSA form right after
/// instruction selection: `jmp *tbl(,%i,8)`, or `jmp *(%b,%i,8)` with %b the
/// LEA of tbl.
const llvm::GlobalValue *findCJumpTable(const llvm::MachineInstr &MI,
                                        const X86Names &N);

/// Marks \p MI as a computed goto through C jump table \p Table; the mark
/// travels like a jump-table mark.
void setCJumpTableMark(llvm::MachineInstr &MI, const llvm::GlobalValue &Table);
const llvm::GlobalValue *getCJumpTableMark(const llvm::MachineInstr &MI);
void clearCJumpTableMark(llvm::MachineInstr &MI);

/// The local STT_OBJECT symbol that names table \p JTI of \p MF.
std::string getTableObjectName(const llvm::MachineFunction &MF, unsigned JTI);

} // namespace gotfree

#endif
