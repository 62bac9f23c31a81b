//===- Rewrites.h - The instruction rewrites gotfree performs ---*- C++ -*-===//
//
// Each function rewrites one reference in place and returns whether it did.
// They run before register allocation (SSA, where new virtual registers may be
// created) and once more after it, where only rewrites that need no new
// register are possible (CanCreateRegs == false).
//
//===----------------------------------------------------------------------===//

#ifndef GOTFREE_REWRITES_H
#define GOTFREE_REWRITES_H

#include "llvm/CodeGen/MachineBasicBlock.h"

namespace llvm {
class MachineFunction;
class MachineInstr;
class MachineOperand;
class MachineOptimizationRemarkEmitter;
class MachineRegisterInfo;
} // namespace llvm

namespace gotfree {
class X86Names;

struct RewriteContext {
  llvm::MachineFunction &MF;
  const X86Names &N;
  llvm::MachineOptimizationRemarkEmitter &ORE;
  /// True before register allocation.
  bool CanCreateRegs;
};

/// Rewrites every absolute symbol reference of \p MI (memory displacements and
/// symbol immediates) as RIP-relative. \p MI may be replaced: the iterator
/// \p Next of the caller stays valid.
bool rewriteAbsoluteRefs(RewriteContext &Ctx, llvm::MachineInstr &MI);

/// Rewrites the "m" operands of an inline asm statement that name a global
/// and are printed as plain memory references.
bool rewriteInlineAsmMemRefs(RewriteContext &Ctx, llvm::MachineInstr &MI);

/// Removes a GOT reference made by \p MI: a GOTPCREL load becomes a LEA (or is
/// folded into the users' memory references), a call or tail call through the
/// GOT becomes a direct one.
bool removeGOTRef(RewriteContext &Ctx, llvm::MachineInstr &MI);

} // namespace gotfree

#endif
