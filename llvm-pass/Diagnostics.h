//===- Diagnostics.h - Located gotfree diagnostics and remarks --*- C++ -*-===//
//
// Errors and warnings go through DiagnosticInfo so that clang prints them with
// the source location (debug location, the inline asm's !srcloc, or the
// function as a last resort). Remarks use the "gotfree" pass name so that
// -Rpass=gotfree and -Rpass-missed=gotfree select them.
//
//===----------------------------------------------------------------------===//

#ifndef GOTFREE_DIAGNOSTICS_H
#define GOTFREE_DIAGNOSTICS_H

#include "Statistics.h"

#include "llvm/ADT/Twine.h"
#include "llvm/IR/DiagnosticInfo.h"

namespace llvm {
class MachineFunction;
class MachineInstr;
class MachineOptimizationRemarkEmitter;
} // namespace llvm

namespace gotfree {

constexpr const char *RemarkPassName = "gotfree";

/// Reports a problem at \p MI's location.
void reportAt(const llvm::MachineInstr &MI, const llvm::Twine &Msg,
              llvm::DiagnosticSeverity Severity = llvm::DS_Error);
/// Reports a problem at the function's location.
void reportAt(const llvm::MachineFunction &MF, const llvm::Twine &Msg,
              llvm::DiagnosticSeverity Severity = llvm::DS_Error);

/// An applied rewrite, shown by -Rpass=gotfree.
void remarkRewritten(llvm::MachineOptimizationRemarkEmitter &ORE,
                     const llvm::MachineInstr &MI, llvm::StringRef Name,
                     const llvm::Twine &Msg);
/// A reference gotfree left alone on purpose, shown by -Rpass-missed=gotfree.
void remarkKept(llvm::MachineOptimizationRemarkEmitter &ORE,
                const llvm::MachineInstr &MI, llvm::StringRef Name,
                const llvm::Twine &Msg);

/// A kind of rewrite: its counter and its remark, which always go together.
/// Declared with GOTFREE_REWRITE_KIND(Name, "description"): the counter is
/// NumName, the remark is called Name.
struct RewriteKind {
  llvm::TrackingStatistic &Count;
  llvm::StringRef RemarkName;
  /// Counts one rewrite of \p MI and emits its -Rpass=gotfree remark.
  void record(llvm::MachineOptimizationRemarkEmitter &ORE,
              const llvm::MachineInstr &MI, const llvm::Twine &Msg) const;
};

} // namespace gotfree

#define GOTFREE_REWRITE_KIND(NAME, DESC)                                       \
  GOTFREE_STATISTIC(Num##NAME, DESC);                                          \
  static const ::gotfree::RewriteKind NAME = {Num##NAME, #NAME}

#endif
