//===- InlineAsmRefs.h - How inline asm uses its operands -------*- C++ -*-===//
//
// An inline asm operand naming a symbol can only be rewritten when the
// template prints it as an ordinary memory reference. This reads the template
// (LLVM syntax: $N, ${N}, ${N:mod}) to find out how each operand is printed:
// behind a %gs:/%fs: prefix, with a modifier that drops (%rip), as an
// immediate, inside a data directive, ...
//
//===----------------------------------------------------------------------===//

#ifndef GOTFREE_INLINEASMREFS_H
#define GOTFREE_INLINEASMREFS_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/InlineAsm.h"

namespace llvm {
class MachineInstr;
}

namespace gotfree {

/// One reference to an operand in the template.
struct AsmOperandUse {
  unsigned OpNo;
  llvm::StringRef Modifier;
  /// Preceded by "%gs:" or "%fs:".
  bool SegmentPrefixed = false;
  /// The rest of its operand contains "(%rip)" ("%c0+8(%rip)").
  bool RIPRelative = false;
  /// The statement's first word: a mnemonic or a directive (".long").
  llvm::StringRef Mnemonic;
  /// A '-' follows the reference in its operand ("sym - .").
  bool Subtracted = false;
  /// The text indexes the operand itself (Intel dialect "$0[rdx * 4]").
  bool IndexedInText = false;
};

llvm::SmallVector<AsmOperandUse, 4> parseAsmOperandUses(llvm::StringRef Tmpl);

/// One operand group of an INLINEASM machine instruction.
struct AsmOperandGroup {
  unsigned OpNo;    ///< The number the template refers to it by.
  unsigned FlagIdx; ///< Index of the flag operand; the group follows it.
  llvm::InlineAsm::Flag Flag;
};

llvm::SmallVector<AsmOperandGroup, 4>
getAsmOperandGroups(const llvm::MachineInstr &MI);

/// How inline asm uses a symbol, passed as an "i" operand or named in the
/// template text (InlineAsmText.h).
enum class AsmSymbolUse {
  Relative,          ///< call/jmp target, (%rip) or "sym - ." data
  AbsoluteData64,    ///< .quad sym: a 64-bit runtime relocation, allowed
  AbsoluteImmediate, ///< $sym or an absolute 32-bit field: not GOT-free PIE
  /// An absolute use in a section that is not allocated (".pushsection
  /// .discard.noendbr; .long 1b"): the linker resolves it, and nothing
  /// relocates it at run time.
  NotLoaded,
  GOT ///< sym@GOTPCREL and the like, in the text (an operand's GOT use is a
      ///< target flag, decided as such)
};
/// How use \p U uses an "i" operand's symbol, as the AsmPrinter prints it:
/// "$sym" without a modifier, "sym" with c, P or p, "sym(%rip)" with a; a
/// block address (\p PrintedBare) is the bare symbol whatever the modifier.
AsmSymbolUse classifySymbolUse(const AsmOperandUse &U, bool PrintedBare);

} // namespace gotfree

#endif
