//===- SymbolRefs.h - Classifying symbol operands ---------------*- C++ -*-===//
//
// Which machine operands name a symbol, how to describe them, and which kind
// of reference (memory displacement, immediate, PC-relative branch target) an
// operand position is.
//
//===----------------------------------------------------------------------===//

#ifndef GOTFREE_SYMBOLREFS_H
#define GOTFREE_SYMBOLREFS_H

#include "InlineAsmRefs.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>

namespace llvm {
class MachineInstr;
class MachineOperand;
} // namespace llvm

namespace gotfree {
class X86Names;

/// True for operands whose value is a link-time address: globals, external
/// symbols, block addresses, constant pool and jump table entries, MC symbols.
bool isSymbolRef(const llvm::MachineOperand &MO);

/// True for references to extern_weak globals, which may resolve to zero.
bool isExternWeakRef(const llvm::MachineOperand &MO);

/// True for references to absolute symbols (!absolute_symbol), whose value is
/// not an address in the image and must stay absolute.
bool isAbsoluteSymbolRef(const llvm::MachineOperand &MO);

/// True for the symbols llvm.localrecover reads a frame offset through: a
/// constant, not an address.
bool isFrameOffsetSymbol(const llvm::MachineOperand &MO);

/// The offset of a symbol operand; jump tables and blocks have none.
int64_t getSymbolOffset(const llvm::MachineOperand &MO);

/// "'sym'+8", "jump table 2", ... for diagnostics and remarks.
std::string describeSymbolRef(const llvm::MachineOperand &MO);

/// One symbol reference of an instruction.
struct SymbolRef {
  /// Where the reference sits: a memory displacement, an immediate, a
  /// branch or call target (already PC-relative), something of an operand
  /// kind gotfree does not know, or an inline asm operand (memory or "i").
  enum SiteKind {
    Displacement,
    Immediate,
    PCRelative,
    Other,
    AsmMemory,
    AsmImmediate
  };
  SiteKind Site;
  /// The symbol operand.
  unsigned OpIdx;
  /// First operand of the memory reference (Displacement, AsmMemory).
  unsigned MemIdx = 0;
  /// The number the template refers to an inline asm operand by.
  unsigned AsmOpNo = 0;
  /// AsmMemory: printed behind %gs:/%fs:.
  bool SegmentPrefixed = false;
  /// AsmMemory: indexed by the template text ("$0[rdx * 4]").
  bool IndexedInText = false;
  /// AsmImmediate: the least PC-relative use the template makes of it.
  AsmSymbolUse AsmUse = AsmSymbolUse::Relative;
};

/// The symbol operands of a non-inline-asm instruction, in operand order.
/// Debug and other meta instructions have none.
void collectSymbolOperands(const llvm::MachineInstr &MI, const X86Names &N,
                           llvm::SmallVectorImpl<SymbolRef> &Out);

} // namespace gotfree

#endif
