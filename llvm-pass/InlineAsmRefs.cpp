//===- InlineAsmRefs.cpp - How inline asm uses its operands ---------------===//

#include "InlineAsmRefs.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/CodeGen/MachineInstr.h"

using namespace llvm;
using namespace gotfree;

/// The statement around position \p Pos: statements end at newlines and ';'.
static std::pair<size_t, size_t> statementBounds(StringRef T, size_t Pos) {
  size_t Begin = T.find_last_of("\n;", Pos);
  Begin = Begin == StringRef::npos ? 0 : Begin + 1;
  size_t End = T.find_first_of("\n;", Pos);
  if (End == StringRef::npos)
    End = T.size();
  return {Begin, End};
}

/// The end of the comment or string literal that starts at \p Pos, or 0 when
/// none starts there: '#' and '//' comments (LLVM's assembler takes both) run
/// to the end of the line, C comments to their "*/", string literals to their
/// unescaped closing quote.
static size_t skipCommentOrString(StringRef T, size_t Pos) {
  if (T[Pos] == '#' || T.substr(Pos).starts_with("//")) {
    size_t End = T.find('\n', Pos);
    return End == StringRef::npos ? T.size() : End;
  }
  if (T.substr(Pos).starts_with("/*")) {
    size_t End = T.find("*/", Pos + 2);
    return End == StringRef::npos ? T.size() : End + 2;
  }
  if (T[Pos] != '"')
    return 0;
  for (size_t I = Pos + 1; I < T.size(); ++I) {
    if (T[I] == '\\')
      ++I;
    else if (T[I] == '"')
      return I + 1;
  }
  return T.size();
}

/// The length of the operand that starts \p T: up to its first ',' outside
/// parentheses ("+8(%rip, ...)" is one operand).
static size_t operandEnd(StringRef T) {
  unsigned Depth = 0;
  for (size_t I = 0; I < T.size(); ++I) {
    if (T[I] == '(')
      ++Depth;
    else if (T[I] == ')' && Depth)
      --Depth;
    else if (T[I] == ',' && !Depth)
      return I;
  }
  return T.size();
}

SmallVector<AsmOperandUse, 4> gotfree::parseAsmOperandUses(StringRef T) {
  SmallVector<AsmOperandUse, 4> Uses;
  for (size_t I = 0; I < T.size(); ++I) {
    // Comments are not instructions ("# ${1:c}"), and nothing in a string
    // literal is an operand reference to classify.
    if (size_t Skip = skipCommentOrString(T, I)) {
      I = Skip - 1;
      continue;
    }
    if (T[I] != '$')
      continue;
    size_t Start = I;
    if (I + 1 >= T.size())
      break;
    char C = T[I + 1];
    AsmOperandUse U;
    size_t RefEnd;
    if (isDigit(C)) {
      size_t J = I + 1;
      while (J < T.size() && isDigit(T[J]))
        ++J;
      if (T.substr(I + 1, J - I - 1).getAsInteger(10, U.OpNo))
        continue;
      RefEnd = J;
    } else if (C == '{') {
      size_t Close = T.find('}', I);
      if (Close == StringRef::npos)
        break;
      StringRef Body = T.slice(I + 2, Close);
      auto [Num, Mod] = Body.split(':');
      if (Num.getAsInteger(10, U.OpNo))
        continue;
      U.Modifier = Mod;
      RefEnd = Close + 1;
    } else {
      // "$$" is a literal '$'; "$(", "$|", "$)" select dialects.
      ++I;
      continue;
    }
    auto [SBegin, SEnd] = statementBounds(T, Start);
    StringRef Before = T.slice(SBegin, Start).rtrim();
    StringRef After = T.slice(RefEnd, SEnd);
    U.SegmentPrefixed = Before.ends_with_insensitive("%gs:") ||
                        Before.ends_with_insensitive("%fs:");
    // What follows the reference in its own instruction operand or data
    // word: "(%rip)" or a '-' after the next ',' ("movq $%c0, x(%rip)",
    // ".long %c0, 1b - .") belongs to another one.
    StringRef Rest = After.take_front(operandEnd(After));
    // The kernel writes "%P[var] (%% rip)": spaces do not matter.
    std::string Compact = Rest.str();
    llvm::erase_if(Compact, [](char Ch) { return isSpace(Ch); });
    U.RIPRelative = StringRef(Compact).contains("(%rip)");
    U.Subtracted = Rest.contains('-');
    U.IndexedInText = After.ltrim().starts_with("[");
    StringRef Stmt = T.slice(SBegin, SEnd).ltrim();
    // Skip a label ("1: insn") to find the mnemonic.
    size_t Colon = Stmt.find(':');
    if (Colon != StringRef::npos && Colon < Stmt.find_first_of(" \t$%"))
      Stmt = Stmt.drop_front(Colon + 1).ltrim();
    U.Mnemonic = Stmt.take_until([](char Ch) { return isSpace(Ch); });
    Uses.push_back(U);
    I = RefEnd - 1;
  }
  return Uses;
}

SmallVector<AsmOperandGroup, 4>
gotfree::getAsmOperandGroups(const MachineInstr &MI) {
  SmallVector<AsmOperandGroup, 4> Groups;
  unsigned OpNo = 0;
  for (unsigned I = InlineAsm::MIOp_FirstOperand, E = MI.getNumOperands();
       I < E;) {
    const MachineOperand &MO = MI.getOperand(I);
    if (!MO.isImm())
      break; // The trailing !srcloc metadata.
    InlineAsm::Flag F(MO.getImm());
    if (!F.isClobberKind())
      Groups.push_back({OpNo++, I, F});
    I += 1 + F.getNumOperandRegisters();
  }
  return Groups;
}

AsmSymbolUse gotfree::classifySymbolUse(const AsmOperandUse &U,
                                        bool PrintedBare) {
  std::string Lower = U.Mnemonic.lower();
  StringRef M = Lower;
  // 'a' prints a global as "sym(%rip)" in 64-bit code: PC-relative.
  if (U.Modifier == "a" && !PrintedBare)
    return AsmSymbolUse::Relative;
  // 'c', 'P', 'p' print no '$'.
  bool Bare = PrintedBare || !U.Modifier.empty();
  if (M.starts_with(".")) {
    if (M == ".quad" || M == ".8byte" || M == ".xword")
      return U.Subtracted ? AsmSymbolUse::Relative
                          : AsmSymbolUse::AbsoluteData64;
    if (M == ".long" || M == ".int" || M == ".4byte" || M == ".word" ||
        M == ".short" || M == ".2byte" || M == ".byte" || M == ".value")
      return U.Subtracted ? AsmSymbolUse::Relative
                          : AsmSymbolUse::AbsoluteImmediate;
    // .pushsection, .set, .reloc, ...: no field of the code holds it.
    return AsmSymbolUse::Relative;
  }
  if (!Bare)
    return AsmSymbolUse::AbsoluteImmediate; // "$sym" in an instruction.
  if (U.RIPRelative || M.starts_with("call") || M.starts_with("j"))
    return AsmSymbolUse::Relative;
  return AsmSymbolUse::AbsoluteImmediate;
}
