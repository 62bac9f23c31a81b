//===- ReferencePolicy.h - The GOT-free output contract, decided once -*- C++
//-*-//
//
// Every symbol reference an instruction makes (an operand, or an inline asm
// operand as its template prints it) is described by a SymbolRef and decided
// by classifyReference, the only place that knows the contract and its
// policies:
//
//   Rewrite       make it PC-relative (a GOT reference: remove the GOT use);
//   FormAbsolute  form the address with movabsq (extern_weak under weak=abs);
//   Keep          leave it, for the reason given;
//   Violation     it cannot be honoured: a located diagnostic.
//
// The rewrite passes act on the decision; the verifier, which runs last,
// reports every Violation and every Rewrite or FormAbsolute that is still
// there (a rewrite that could not be done), with describeDecision's text.
//
//===----------------------------------------------------------------------===//

#ifndef GOTFREE_REFERENCEPOLICY_H
#define GOTFREE_REFERENCEPOLICY_H

#include "InlineAsmRefs.h"
#include "InlineAsmText.h"
#include "SymbolRefs.h"

#include "llvm/IR/DiagnosticInfo.h"
#include <optional>
#include <string>

namespace llvm {
class MachineInstr;
class TargetMachine;
} // namespace llvm

namespace gotfree {
class X86Names;

/// Every symbol reference of \p MI, inline asm included, in operand order.
void collectSymbolRefs(const llvm::MachineInstr &MI, const X86Names &N,
                       llvm::SmallVectorImpl<SymbolRef> &Out);

enum class RefAction { Rewrite, FormAbsolute, Keep, Violation };

/// Why a reference is kept or is a violation; each has one text.
enum class RefReason {
  // Rewrite / FormAbsolute: what the reference is.
  GOTReference,
  TLSInitialExec,
  AbsoluteMemory,
  AbsoluteImmediate,
  AsmAbsoluteMemory,
  WeakAddress,
  // Keep.
  PCRelative,
  NotAnAddress,
  AbsoluteSymbol,
  SegmentKept,
  PerCPUOffset,
  WeakAbsolute,
  AsmData64,
  AsmImmIgnored,
  AsmNotLoaded,
  // Violation.
  WeakError,
  TLSError,
  TLSDynamic,
  LargeData,
  SegmentError,
  AsmGOT,
  AsmIndexedInText,
  AsmImmediate,
  AsmTextAbsolute,
  AsmTextGOT,
  Unsupported,
  // Keep: an absolute use in inline asm (operand or text) in a kernel.
  AsmKernel,
};

struct RefDecision {
  RefAction Action;
  RefReason Reason;
  /// How the verifier reports it when it is still there at the end (none:
  /// not at all, e.g. under verify=off or asm-imm=ignore).
  std::optional<llvm::DiagnosticSeverity> Severity;
};

/// The contract: what to do with \p Ref of \p MI under the current options.
RefDecision classifyReference(const llvm::MachineInstr &MI,
                              const SymbolRef &Ref, const X86Names &N);

/// The text of a decision: a diagnostic for a Violation (and for a Rewrite
/// that did not happen), a remark for a Keep.
std::string describeDecision(const llvm::MachineInstr &MI, const SymbolRef &Ref,
                             const RefDecision &D, const X86Names &N);

/// The contract for a symbol that inline asm text compiled by \p TM names
/// (InlineAsmText.h): PC-relative uses and 64-bit data words are kept; an
/// absolute use is kept in a kernel (-mcmodel=kernel: its relocs tool applies
/// it, as it does for the kernel's own assembly) and is an asm-imm violation
/// anywhere else; a GOT use is a violation.
RefDecision classifyAsmTextRef(const llvm::TargetMachine &TM,
                               const AsmTextRef &Ref);
std::string describeAsmTextDecision(const AsmTextRef &Ref,
                                    const RefDecision &D);

/// Keep decisions that a policy (not the code) made: -Rpass-missed=gotfree
/// shows them.
bool isPolicyKeep(const RefDecision &D);

} // namespace gotfree

#endif
