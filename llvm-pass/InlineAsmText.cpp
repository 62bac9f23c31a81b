//===- InlineAsmText.cpp - Symbols named in inline asm text ---------------===//

#include "InlineAsmText.h"
#include "InlineAsmRefs.h"
#include "Statistics.h"
#include "X86Names.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/CodeGen/MachineFunction.h"
#include "llvm/CodeGen/MachineInstr.h"
#include "llvm/CodeGen/TargetRegisterInfo.h"
#include "llvm/CodeGen/TargetSubtargetInfo.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/MC/MCAsmInfo.h"
#include "llvm/MC/MCContext.h"
#include "llvm/MC/MCExpr.h"
#include "llvm/MC/MCInst.h"
#include "llvm/MC/MCInstrInfo.h"
#include "llvm/MC/MCObjectFileInfo.h"
#include "llvm/MC/MCParser/MCAsmParser.h"
#include "llvm/MC/MCParser/MCTargetAsmParser.h"
#include "llvm/MC/MCRegisterInfo.h"
#include "llvm/MC/MCSectionELF.h"
#include "llvm/MC/MCStreamer.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/MCSymbol.h"
#include "llvm/MC/MCTargetOptions.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;
using namespace gotfree;

#define DEBUG_TYPE "gotfree"

GOTFREE_STATISTIC(NumAsmTextParsed,
                  "Inline asm texts parsed for the symbols they name");
GOTFREE_STATISTIC(NumAsmTextUnparsed,
                  "Inline asm texts that do not parse on their own");

/// What operands are printed as: references to these are the operands'
/// business (ReferencePolicy.cpp), not the text's.
static constexpr const char *OperandSymbol = "__gotfree_operand";
/// What asm goto labels are printed as, followed by the operand number: no
/// operand check sees them, so their uses are the text's.
static constexpr StringLiteral LabelPrefix = "__gotfree_label_";

/// The register an operand printed with register modifier \p Mod stands for.
static std::optional<StringRef> registerForModifier(StringRef Mod) {
  return StringSwitch<std::optional<StringRef>>(Mod)
      .Case("k", StringRef("%eax"))
      .Case("w", StringRef("%ax"))
      .Case("b", StringRef("%al"))
      .Case("h", StringRef("%ah"))
      .Case("q", StringRef("%rax"))
      .Case("x", StringRef("%xmm0"))
      .Case("t", StringRef("%ymm0"))
      .Case("g", StringRef("%zmm0"))
      .Default(std::nullopt);
}

/// Operand \p G printed with modifier \p Mod, with placeholders for symbols;
/// std::nullopt for what this does not know how to print.
static std::optional<std::string>
printOperand(const MachineInstr &MI, const AsmOperandGroup &G, StringRef Mod) {
  const MachineOperand &MO = MI.getOperand(G.FlagIdx + 1);
  bool Bare = Mod == "c" || Mod == "P" || Mod == "p";
  // The AsmPrinter prints an asm goto label and a block address as the bare
  // symbol, whatever the modifier ("%l1", "%1", "%a1" alike).
  if (MO.isMBB())
    return LabelPrefix.str() + std::to_string(G.OpNo);
  if (MO.isBlockAddress())
    return std::string(OperandSymbol);
  if (Mod == "l")
    return std::nullopt; // Not a label: the AsmPrinter refuses it.
  if (G.Flag.isMemKind()) {
    const MachineOperand &Disp = MI.getOperand(G.FlagIdx + 1 + MemDisp);
    return Disp.isImm() ? std::string("0(%rax)")
                        : std::string(OperandSymbol) + "(%rip)";
  }
  if (G.Flag.isImmKind()) {
    if (MO.isImm()) {
      int64_t V = Mod == "n" ? -MO.getImm() : MO.getImm();
      return (Bare || Mod == "n" || Mod == "a" ? "" : "$") + std::to_string(V);
    }
    if (Mod == "a")
      return std::string(OperandSymbol) + "(%rip)";
    return (Bare ? "" : "$") + std::string(OperandSymbol);
  }
  if (!MO.isReg())
    return std::nullopt;
  if (std::optional<StringRef> Reg = registerForModifier(Mod))
    return Reg->str();
  if (Mod == "a")
    return std::string("(%rax)");
  if (!Mod.empty() && Mod != "V")
    return std::nullopt;
  const TargetRegisterInfo *TRI = MI.getMF()->getSubtarget().getRegisterInfo();
  if (!MO.getReg().isPhysical())
    return std::string("%rax");
  return (Mod == "V" ? "" : "%") + StringRef(TRI->getName(MO.getReg())).lower();
}

/// The template of \p MI as the AsmPrinter would print it, operands
/// replaced by placeholders; std::nullopt for what cannot be printed.
static std::optional<std::string> printTemplate(const MachineInstr &MI) {
  StringRef T = MI.getOperand(InlineAsm::MIOp_AsmString).getSymbolName();
  SmallVector<AsmOperandGroup, 4> Groups = getAsmOperandGroups(MI);
  std::string Out;
  // Dialect alternatives "$(att$|intel$)": AT&T is the first.
  unsigned Alternative = 0;
  bool InAlternatives = false;
  for (size_t I = 0; I < T.size(); ++I) {
    char C = T[I];
    if (C != '$') {
      if (!InAlternatives || Alternative == 0)
        Out += C;
      continue;
    }
    if (++I >= T.size())
      return std::nullopt;
    char Next = T[I];
    if (Next == '$') {
      Out += '$';
      continue;
    }
    if (Next == '(') {
      InAlternatives = true;
      Alternative = 0;
      continue;
    }
    if (Next == '|') {
      ++Alternative;
      continue;
    }
    if (Next == ')') {
      InAlternatives = false;
      continue;
    }
    unsigned OpNo;
    StringRef Mod;
    if (Next == '{') {
      size_t Close = T.find('}', I);
      if (Close == StringRef::npos)
        return std::nullopt;
      auto [Num, M] = T.slice(I + 1, Close).split(':');
      I = Close;
      if (Num.empty()) { // ${:uid}, ${:private}, ${:comment}
        if (M == "uid")
          Out += "0";
        else if (M == "private")
          Out += ".L";
        else if (M == "comment")
          Out += "#";
        else
          return std::nullopt;
        continue;
      }
      if (Num.getAsInteger(10, OpNo))
        return std::nullopt;
      Mod = M;
    } else if (isDigit(Next)) {
      size_t End = I;
      while (End < T.size() && isDigit(T[End]))
        ++End;
      if (T.slice(I, End).getAsInteger(10, OpNo))
        return std::nullopt;
      I = End - 1;
    } else {
      return std::nullopt;
    }
    if (InAlternatives && Alternative != 0)
      continue;
    if (OpNo >= Groups.size())
      return std::nullopt;
    std::optional<std::string> Op = printOperand(MI, Groups[OpNo], Mod);
    if (!Op)
      return std::nullopt;
    Out += *Op;
  }
  return Out;
}

namespace {
/// A streamer that only records the symbol references it is asked to emit.
class RefRecorder : public MCStreamer {
public:
  RefRecorder(MCContext &Ctx, const MCInstrInfo &MII, MCRegister RIP,
              SmallVectorImpl<AsmTextRef> &Out)
      : MCStreamer(Ctx), MII(MII), RIP(RIP), Out(Out) {}

  bool emitSymbolAttribute(MCSymbol *, MCSymbolAttr) override { return true; }
  void emitCommonSymbol(MCSymbol *, uint64_t, Align) override {}

  void emitInstruction(const MCInst &Inst,
                       const MCSubtargetInfo &STI) override {
    const MCInstrDesc &Desc = MII.get(Inst.getOpcode());
    std::optional<unsigned> Mem;
    for (unsigned I = 0, E = Desc.getNumOperands(); I != E && !Mem; ++I)
      if (Desc.operands()[I].OperandType == MCOI::OPERAND_MEMORY)
        Mem = I;
    StringRef Name = MII.getName(Inst.getOpcode());
    // An LEA's address (lea64mem, ...) has no memory operand type: it
    // follows the destination register.
    if (!Mem && isLEA(Name))
      Mem = 1;
    for (unsigned I = 0, E = Inst.getNumOperands(); I != E; ++I) {
      const MCOperand &Op = Inst.getOperand(I);
      if (!Op.isExpr())
        continue;
      AsmSymbolUse Use = AsmSymbolUse::AbsoluteImmediate;
      if (Mem && I >= *Mem && I < *Mem + MemNumOperands) {
        const MCOperand &Base = Inst.getOperand(*Mem + MemBase);
        if (Base.isReg() && Base.getReg() == RIP)
          Use = AsmSymbolUse::Relative;
      } else if (I < Desc.getNumOperands() &&
                 Desc.operands()[I].OperandType == MCOI::OPERAND_PCREL) {
        Use = AsmSymbolUse::Relative;
      }
      record(Op.getExpr(), Use, Name);
    }
  }

  void emitValueImpl(const MCExpr *Value, unsigned Size, SMLoc) override {
    AsmSymbolUse Use = Size >= 8 ? AsmSymbolUse::AbsoluteData64
                                 : AsmSymbolUse::AbsoluteImmediate;
    if (isDifference(Value))
      Use = AsmSymbolUse::Relative;
    record(Value, Use, Size >= 8 ? ".quad" : Size == 4 ? ".long" : ".byte");
  }

private:
  const MCInstrInfo &MII;
  MCRegister RIP;
  SmallVectorImpl<AsmTextRef> &Out;

  /// "a - b" with a symbol in b: relative to it.
  static bool isDifference(const MCExpr *E) {
    const auto *Bin = dyn_cast<MCBinaryExpr>(E);
    if (!Bin)
      return false;
    if (Bin->getOpcode() == MCBinaryExpr::Sub && hasSymbol(Bin->getRHS()))
      return true;
    return isDifference(Bin->getLHS()) || isDifference(Bin->getRHS());
  }

  static bool hasSymbol(const MCExpr *E) {
    switch (E->getKind()) {
    case MCExpr::SymbolRef:
      return true;
    case MCExpr::Binary: {
      const auto *Bin = cast<MCBinaryExpr>(E);
      return hasSymbol(Bin->getLHS()) || hasSymbol(Bin->getRHS());
    }
    case MCExpr::Unary:
      return hasSymbol(cast<MCUnaryExpr>(E)->getSubExpr());
    case MCExpr::Specifier:
      return hasSymbol(cast<MCSpecifierExpr>(E)->getSubExpr());
    default:
      return false;
    }
  }

  void record(const MCExpr *E, AsmSymbolUse Use, StringRef Where) {
    switch (E->getKind()) {
    case MCExpr::SymbolRef: {
      const auto *Ref = cast<MCSymbolRefExpr>(E);
      StringRef Sym = Ref->getSymbol().getName();
      if (Sym == OperandSymbol)
        return;
      // An assembler constant (".set n, 8") is no address.
      if (Ref->getSymbol().isVariable() &&
          isa<MCConstantExpr>(Ref->getSymbol().getVariableValue()))
        return;
      AsmSymbolUse Kind = Use;
      if (uint16_t Spec = Ref->getSpecifier()) {
        StringRef Name = getContext().getAsmInfo()->getSpecifierName(Spec);
        if (!isGOTSpecifier(Name))
          return; // @PLT, @TPOFF, ...: not an absolute address.
        Kind = AsmSymbolUse::GOT;
      }
      if ((Kind == AsmSymbolUse::AbsoluteImmediate ||
           Kind == AsmSymbolUse::AbsoluteData64) &&
          !inAllocatedSection())
        Kind = AsmSymbolUse::NotLoaded;
      unsigned LabelOpNo;
      if (Sym.consume_front(LabelPrefix) && !Sym.getAsInteger(10, LabelOpNo)) {
        Out.push_back({"", Kind, Where.str(), LabelOpNo});
        return;
      }
      // "1f", "1b": the assembler's own temporary labels.
      bool Local =
          Ref->getSymbol().isTemporary() &&
          Sym.starts_with(getContext().getAsmInfo()->getPrivateLabelPrefix());
      Out.push_back({Local ? "" : Sym.str(), Kind, Where.str()});
      return;
    }
    case MCExpr::Binary: {
      const auto *Bin = cast<MCBinaryExpr>(E);
      record(Bin->getLHS(), Use, Where);
      // The subtrahend of a difference is where it is relative to.
      if (Bin->getOpcode() != MCBinaryExpr::Sub)
        record(Bin->getRHS(), Use, Where);
      return;
    }
    case MCExpr::Unary:
      record(cast<MCUnaryExpr>(E)->getSubExpr(), Use, Where);
      return;
    case MCExpr::Specifier: {
      const auto *S = cast<MCSpecifierExpr>(E);
      StringRef Name =
          getContext().getAsmInfo()->getSpecifierName(S->getSpecifier());
      if (isGOTSpecifier(Name))
        record(S->getSubExpr(), AsmSymbolUse::GOT, Where);
      return;
    }
    default:
      return;
    }
  }

  /// Whether what is emitted now is loaded with the image: the section's
  /// flags are the ones the assembler gives it (".pushsection .discard.x"
  /// has none).
  bool inAllocatedSection() const {
    const MCSection *Sec = getCurrentSectionOnly();
    if (!Sec || !getContext().isELF())
      return true;
    return static_cast<const MCSectionELF *>(Sec)->getFlags() & ELF::SHF_ALLOC;
  }

  static bool isLEA(StringRef Name) {
    return Name == "LEA64r" || Name == "LEA64_32r" || Name == "LEA32r" ||
           Name == "LEA16r";
  }

  static bool isGOTSpecifier(StringRef Name) {
    std::string Lower = Name.lower();
    StringRef L = Lower;
    return L.contains("got") || L.starts_with("tlsgd") ||
           L.starts_with("tlsld");
  }
};
} // namespace

/// What every parse shares: the context, its sections and the recording
/// streamer. Each text is a buffer of its own in the one source manager.
struct AsmTextScanner::State {
  const TargetMachine &TM;
  const MCSubtargetInfo &STI;
  const MCAsmInfo &MAI;
  const MCInstrInfo &MII;
  SourceMgr SrcMgr;
  MCContext Ctx;
  MCObjectFileInfo MOFI;
  SmallVector<AsmTextRef, 2> Refs;
  RefRecorder Recorder;
  /// Texts already parsed: inlining repeats the same statements many times.
  StringMap<std::optional<SmallVector<AsmTextRef, 2>>> Parsed;

  State(const TargetMachine &TM, MCRegister RIP)
      : TM(TM), STI(*TM.getMCSubtargetInfo()), MAI(*TM.getMCAsmInfo()),
        MII(*TM.getMCInstrInfo()),
        Ctx(TM.getTargetTriple(), &MAI, TM.getMCRegisterInfo(), &STI, &SrcMgr),
        Recorder(Ctx, MII, RIP, Refs) {
    SrcMgr.setDiagHandler([](const SMDiagnostic &, void *) {});
    Ctx.setDiagnosticHandler([](const SMDiagnostic &, bool, const SourceMgr &,
                                std::vector<const MDNode *> &) {});
    MOFI.initMCObjectFileInfo(Ctx, /*PIC=*/false);
    Ctx.setObjectFileInfo(&MOFI);
    Recorder.initSections(/*NoExecStack=*/false, STI);
  }
};

AsmTextScanner::AsmTextScanner(const TargetMachine &TM) {
  const MCRegisterInfo *MRI = TM.getMCRegisterInfo();
  if (!TM.getMCSubtargetInfo() || !TM.getMCAsmInfo() || !MRI ||
      !TM.getMCInstrInfo())
    return;
  MCRegister RIP;
  for (unsigned R = 1, E = MRI->getNumRegs(); R != E && !RIP; ++R)
    if (StringRef(MRI->getName(R)) == "RIP")
      RIP = R;
  if (RIP)
    S = std::make_unique<State>(TM, RIP);
}

AsmTextScanner::~AsmTextScanner() = default;

std::optional<SmallVector<AsmTextRef, 2>> AsmTextScanner::scan(StringRef Text) {
  if (!S)
    return std::nullopt;
  auto [It, New] = S->Parsed.try_emplace(Text);
  if (New)
    It->second = parse(Text);
  return It->second;
}

std::optional<SmallVector<AsmTextRef, 2>>
AsmTextScanner::parse(StringRef Text) {
  S->Refs.clear();
  unsigned Buffer = S->SrcMgr.AddNewSourceBuffer(
      MemoryBuffer::getMemBufferCopy(Text), SMLoc());
  std::unique_ptr<MCAsmParser> Parser(
      createMCAsmParser(S->SrcMgr, S->Ctx, S->Recorder, S->MAI, Buffer));
  MCTargetOptions Options;
  std::unique_ptr<MCTargetAsmParser> TAP(
      S->TM.getTarget().createMCAsmParser(S->STI, *Parser, S->MII, Options));
  if (!TAP)
    return std::nullopt;
  Parser->setTargetParser(*TAP);
  // Every text starts in a code section of its own, as the AsmPrinter's
  // inline asm does.
  S->Recorder.switchSection(S->MOFI.getTextSection());
  ++NumAsmTextParsed;
  bool Failed = S->Ctx.hadError();
  if (Parser->Run(/*NoInitialTextSection=*/true, /*NoFinalize=*/true) ||
      (!Failed && S->Ctx.hadError())) {
    ++NumAsmTextUnparsed;
    return std::nullopt;
  }
  return S->Refs;
}

/// Data directives, whose operands are expressions that may name symbols;
/// other directives (.pushsection, .align, .byte 0x90 aside) name sections
/// or take numbers.
static bool isDataDirective(StringRef Word) {
  return StringSwitch<bool>(Word.lower())
      .Cases({".long", ".int", ".4byte", ".quad", ".8byte", ".word", ".short",
              ".2byte", ".value", ".byte", ".dc.a", ".reloc", ".set", ".equ",
              ".equiv", ".rva", ".sleb128", ".uleb128"},
             true)
      .Default(false);
}

/// Whether printed template text may name a symbol at all: an identifier or
/// a local label reference ("1f") after an instruction's mnemonic, or a data
/// directive. Most of the kernel's statements ("lock; incl %0", "movq
/// %%gs:%P1, %0") do not, and need no parse.
static bool mayNameSymbols(StringRef Text) {
  SmallVector<StringRef, 8> Lines;
  Text.split(Lines, '\n');
  for (StringRef Line : Lines) {
    SmallVector<StringRef, 4> Stmts;
    Line.split(Stmts, ';');
    for (StringRef Stmt : Stmts) {
      Stmt = Stmt.split('#').first.trim();
      // A label first ("1: insn").
      size_t Colon = Stmt.find(':');
      if (Colon != StringRef::npos &&
          Stmt.take_front(Colon).find_first_of(" \t%$(") == StringRef::npos)
        Stmt = Stmt.drop_front(Colon + 1).ltrim();
      size_t Space = Stmt.find_first_of(" \t");
      StringRef First = Stmt.take_front(Space);
      StringRef Rest = Space == StringRef::npos ? "" : Stmt.drop_front(Space);
      if (First.starts_with(".")) {
        if (isDataDirective(First))
          return true;
        continue;
      }
      for (size_t I = 0; I < Rest.size(); ++I) {
        char C = Rest[I];
        if (C == '%') { // A register.
          while (I + 1 < Rest.size() && isAlnum(Rest[I + 1]))
            ++I;
          continue;
        }
        if (isDigit(C)) { // A number, or a local label reference "1f".
          size_t J = I;
          while (J < Rest.size() && isAlnum(Rest[J]))
            ++J;
          StringRef Tok = Rest.slice(I, J);
          if (Tok.ends_with("f") || Tok.ends_with("b"))
            if (Tok.drop_back().find_if_not(isDigit) == StringRef::npos)
              return true;
          I = J - 1;
          continue;
        }
        if (isAlpha(C) || C == '_' || C == '.') {
          size_t J = I;
          while (J < Rest.size() &&
                 (isAlnum(Rest[J]) || Rest[J] == '_' || Rest[J] == '.'))
            ++J;
          if (Rest.slice(I, J) != OperandSymbol)
            return true;
          I = J - 1;
        }
      }
    }
  }
  return false;
}

std::optional<SmallVector<AsmTextRef, 2>>
AsmTextScanner::scan(const MachineInstr &MI) {
  const MachineOperand &Extra = MI.getOperand(InlineAsm::MIOp_ExtraInfo);
  if (Extra.getImm() & InlineAsm::Extra_AsmDialect)
    return std::nullopt; // Intel dialect: not parsed here.
  std::optional<std::string> Text = printTemplate(MI);
  if (!Text)
    return std::nullopt;
  if (!mayNameSymbols(*Text))
    return SmallVector<AsmTextRef, 2>();
  return scan(*Text);
}
