//===- InlineAsmText.h - Symbols named in inline asm text -------*- C++ -*-===//
//
// An inline asm template can name symbols in its own text, not as operands:
// "movq $g, %0", ".long g", "pushq $1f"; the asm goto labels it prints
// ("%l1") are such symbols too. AsmTextScanner prints the template
// with every operand replaced by a placeholder of its kind, parses it with
// LLVM's own assembler parser (the X86 target parser, in the statement's
// dialect) and reports each symbol reference an instruction or a data
// directive makes, by how the output would reach it.
//
//===----------------------------------------------------------------------===//

#ifndef GOTFREE_INLINEASMTEXT_H
#define GOTFREE_INLINEASMTEXT_H

#include "InlineAsmRefs.h"

#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <optional>
#include <string>

namespace llvm {
class MachineInstr;
class StringRef;
class TargetMachine;
} // namespace llvm

namespace gotfree {

struct AsmTextRef {
  /// The symbol's name; empty for the assembler's own local labels ("1f")
  /// and for asm goto labels.
  std::string Symbol;
  AsmSymbolUse Use;
  /// The instruction's mnemonic or the directive, for messages.
  std::string Where;
  /// An asm goto label printed into the text ("%l1", "%l[name]"): the number
  /// of its operand.
  std::optional<unsigned> LabelOperand = std::nullopt;
};

/// Finds the symbol references of assembler text with one parser state per
/// target machine (a context, its sections, a recording streamer) that every
/// text of a module shares.
class AsmTextScanner {
public:
  explicit AsmTextScanner(const llvm::TargetMachine &TM);
  ~AsmTextScanner();

  /// The symbol references the text of the INLINEASM \p MI makes, or
  /// std::nullopt when the text does not parse on its own (it uses macros or
  /// symbols defined elsewhere, or the Intel dialect): then nothing is known
  /// about it.
  std::optional<llvm::SmallVector<AsmTextRef, 2>>
  scan(const llvm::MachineInstr &MI);

  /// The same for assembler text of its own: a module's file-scope asm.
  std::optional<llvm::SmallVector<AsmTextRef, 2>> scan(llvm::StringRef Text);

private:
  struct State;
  std::unique_ptr<State> S;
  std::optional<llvm::SmallVector<AsmTextRef, 2>> parse(llvm::StringRef Text);
};

} // namespace gotfree

#endif
