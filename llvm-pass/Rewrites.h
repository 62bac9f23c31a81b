//===- Rewrites.h - The instruction rewrites gotfree performs ---*- C++ -*-===//
//
// The mechanics behind the classifier's decisions (ReferencePolicy.h). They
// run before register allocation (SSA, where new virtual registers may be
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

/// Which of the classifier's rewrites a pass applies.
enum class RewriteSet {
  GOT,      ///< references through the GOT
  Absolute, ///< absolute references (and movabsq for extern_weak addresses)
  All
};

/// Applies the rewrites the classifier decided for \p MI's symbol references
/// (inline asm included). \p MI may be replaced: the iterator \p Next of the
/// caller stays valid.
bool applyRewrites(RewriteContext &Ctx, llvm::MachineInstr &MI,
                   RewriteSet Which);

} // namespace gotfree

#endif
