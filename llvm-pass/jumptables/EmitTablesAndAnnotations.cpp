//===- EmitTablesAndAnnotations.cpp - Late jump-table output --------------===//
//
// The last gotfree pass before the AsmPrinter. It
//  * checks the marks set after isel: each is still on an indirect jmp whose
//    successors are its table's blocks, every jump table still in use has a
//    marked jump, and no indirect jump into a table's blocks lost its mark;
//  * writes the annotations the option asks for, as assembler directives in
//    an INLINEASM instruction placed before the jmp, which gets a label of
//    its own (pre-instruction symbol; copies of one jmp get one each). Every
//    annotated table becomes a local STT_OBJECT symbol whose size covers
//    exactly its entries, then:
//      reloc-none       .reloc jmp, R_X86_64_NONE, tbl
//      annotate-insn    .discard.annotate_insn ("M", entsize 8):
//                       .long jmp - . ; .long TYPE
//      tablejump-pairs  .discard.tablejump_annotate: .quad jmp ; .quad tbl
//  * without annotations (a stock objtool, which finds an 8-byte table by
//    walking back from the jmp to the instruction that references it), makes
//    every `jmp *(%base,%idx,8)` compute its table base itself: when the
//    LEA of the table is not in the jmp's block before it (hoisted out of a
//    loop, or shared by copies of the dispatch after tail duplication), a
//    copy goes right before the jmp. %base already holds the table's
//    address there, so the copy changes no value. In a kernel the same is
//    done for computed gotos through a C jump table (objtool's
//    C_JUMP_TABLE_SECTION), which objtool always finds that way;
//  * writes relative tables of non-PIC functions (jump-tables=relative in
//    rewrite mode) itself: the X86 AsmPrinter would print their entries
//    against the PIC base, which a non-PIC function never defines. The table
//    keeps its .LJTI label (so every lea of it, rematerialized or not, still
//    points at it), its entries are ".long .LBB - .LJTI" (R_X86_64_PC32, which
//    objtool follows), and the table is then dropped from the function's
//    jump-table info so that the AsmPrinter does not print it again.
//
//===----------------------------------------------------------------------===//

#include "Diagnostics.h"
#include "DispatchMark.h"
#include "GotFreeOptions.h"
#include "Passes.h"
#include "X86Names.h"

#include "Statistics.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/CodeGen/MachineFunctionPass.h"
#include "llvm/CodeGen/MachineInstrBuilder.h"
#include "llvm/CodeGen/MachineJumpTableInfo.h"
#include "llvm/CodeGen/MachineOptimizationRemarkEmitter.h"
#include "llvm/CodeGen/TargetInstrInfo.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/MC/MCAsmInfo.h"
#include "llvm/MC/MCContext.h"
#include "llvm/MC/MCSection.h"
#include "llvm/MC/MCSectionELF.h"
#include "llvm/MC/MCSymbol.h"
#include "llvm/MC/MCSymbolELF.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetLoweringObjectFile.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;
using namespace gotfree;

#define DEBUG_TYPE "gotfree"

GOTFREE_REWRITE_KIND(Annotated,
                     "Jump-table dispatches annotated before emission");
GOTFREE_REWRITE_KIND(TableBaseLocalized,
                     "Table LEAs copied to their dispatch for objtool");
GOTFREE_STATISTIC(NumLost, "Jump-table marks lost between isel and emission");
GOTFREE_STATISTIC(NumOwnTables,
                  "Relative jump tables of non-PIC functions written");

namespace {
class JumpTableEmitter : public MachineFunctionPass {
public:
  static char ID;
  JumpTableEmitter() : MachineFunctionPass(ID) {}
  StringRef getPassName() const override {
    return "gotfree: emit jump-table annotations";
  }
  void getAnalysisUsage(AnalysisUsage &AU) const override {
    AU.addRequired<MachineOptimizationRemarkEmitterPass>();
    AU.setPreservesCFG();
    MachineFunctionPass::getAnalysisUsage(AU);
  }
  MachineFunctionProperties getRequiredProperties() const override {
    return MachineFunctionProperties().setNoVRegs();
  }
  bool runOnMachineFunction(MachineFunction &MF) override;

private:
  const X86Names *N = nullptr;
  MachineFunction *MF = nullptr;
  MachineJumpTableInfo *MJTI = nullptr;
  /// Numbers the jump labels of the current function.
  unsigned NumAnnotatedHere = 0;

  using MarkedJump = std::pair<MachineInstr *, unsigned>;
  bool checkMarks(ArrayRef<MarkedJump> Marked);
  std::string ownTablesText(bool Absolute);
  std::string annotationText(JumpTableAnnotation Kind, MachineInstr &Jump,
                             unsigned JTI, SmallBitVector &Described);
  void insertAsm(MachineBasicBlock &MBB, MachineBasicBlock::iterator Before,
                 const std::string &Text);
  /// Copies the LEA of \p Table (a jump-table index or a C jump table's
  /// global) to \p Jump unless its block already computes the jump's base
  /// from it.
  bool localizeTableBase(MachineInstr &Jump, const MachineOperand &Table,
                         MachineOptimizationRemarkEmitter &ORE);
};
} // namespace

char JumpTableEmitter::ID = 0;
char &gotfree::JumpTableEmitterID = JumpTableEmitter::ID;
static RegisterPass<JumpTableEmitter>
    Registration("gotfree-jump-table-emit",
                 "gotfree: emit jump-table annotations");

/// The blocks \p JTI jumps to.
static SmallPtrSet<const MachineBasicBlock *, 16>
tableTargets(const MachineJumpTableInfo &MJTI, unsigned JTI) {
  const auto &MBBs = MJTI.getJumpTables()[JTI].MBBs;
  return SmallPtrSet<const MachineBasicBlock *, 16>(MBBs.begin(), MBBs.end());
}

bool JumpTableEmitter::checkMarks(ArrayRef<MarkedJump> Marked) {
  const auto &Tables = MJTI->getJumpTables();
  bool OK = true;
  auto Lost = [&](auto &Where, const Twine &Msg) {
    ++NumLost;
    reportAt(Where, Msg);
    OK = false;
  };
  SmallBitVector HasJump(Tables.size());
  for (auto [MI, JTI] : Marked) {
    if (!MI->isIndirectBranch()) {
      Lost(*MI, "the annotation of jump table " + Twine(JTI) + " ended up on " +
                    N->TII->getName(MI->getOpcode()) +
                    ", not on an indirect jump");
      continue;
    }
    if (JTI >= Tables.size() || Tables[JTI].MBBs.empty()) {
      Lost(*MI, "an annotated jump dispatches through jump table " +
                    Twine(JTI) + ", which no longer exists");
      continue;
    }
    for (const MachineBasicBlock *Target : tableTargets(*MJTI, JTI))
      if (!MI->getParent()->isSuccessor(Target)) {
        Lost(*MI, "the annotated jump through jump table " + Twine(JTI) +
                      " cannot reach its entry " + Target->getFullName());
        break;
      }
    HasJump.set(JTI);
  }

  SmallBitVector Used(Tables.size());
  for (const MachineBasicBlock &MBB : *MF)
    for (const MachineInstr &MI : MBB)
      for (const MachineOperand &MO : MI.operands())
        if (MO.isJTI() && unsigned(MO.getIndex()) < Tables.size())
          Used.set(MO.getIndex());
  for (unsigned JTI : Used.set_bits())
    if (!HasJump.test(JTI) && !Tables[JTI].MBBs.empty())
      Lost(*MF, "jump table " + Twine(JTI) +
                    " is used but its dispatch lost its annotation");

  // An unmarked indirect jump into a table's blocks is a copy of a dispatch
  // that lost its mark; computed gotos jump to address-taken blocks only.
  SmallPtrSet<const MachineInstr *, 8> IsMarked;
  for (auto [MI, JTI] : Marked)
    IsMarked.insert(MI);
  for (MachineBasicBlock &MBB : *MF) {
    if (MBB.empty() || !MBB.back().isIndirectBranch() ||
        IsMarked.contains(&MBB.back()) || MBB.succ_empty())
      continue;
    bool AllAddressTaken = llvm::all_of(MBB.successors(), [](auto *S) {
      return S->isIRBlockAddressTaken() || S->isMachineBlockAddressTaken();
    });
    if (AllAddressTaken)
      continue;
    for (unsigned JTI = 0, E = Tables.size(); JTI != E; ++JTI) {
      if (Tables[JTI].MBBs.empty())
        continue;
      auto Targets = tableTargets(*MJTI, JTI);
      if (llvm::all_of(MBB.successors(),
                       [&](auto *S) { return Targets.contains(S); })) {
        Lost(MBB.back(), "this indirect jump through jump table " + Twine(JTI) +
                             " lost its annotation");
        break;
      }
    }
  }
  return OK;
}

void JumpTableEmitter::insertAsm(MachineBasicBlock &MBB,
                                 MachineBasicBlock::iterator Before,
                                 const std::string &Text) {
  // '$' starts an operand reference in an inline asm string: none of the
  // names used here contains one.
  const char *Str = MF->createExternalSymbolName(Text);
  BuildMI(MBB, Before, DebugLoc(), N->TII->get(TargetOpcode::INLINEASM))
      .addExternalSymbol(Str)
      .addImm(InlineAsm::Extra_HasSideEffects);
}

bool JumpTableEmitter::localizeTableBase(
    MachineInstr &Jump, const MachineOperand &Table,
    MachineOptimizationRemarkEmitter &ORE) {
  if (Jump.getOpcode() != N->JMP64m)
    return false;
  const MachineOperand &Base = Jump.getOperand(MemBase);
  const MachineOperand &Index = Jump.getOperand(MemIndex);
  if (!Base.isReg() || !Base.getReg() || Base.getReg() == N->RIP ||
      Jump.getOperand(MemScale).getImm() != 8 ||
      (Index.isReg() && Index.getReg() == Base.getReg()) ||
      !Jump.getOperand(MemDisp).isImm() || Jump.getOperand(MemDisp).getImm())
    return false;
  Register Reg = Base.getReg();
  const TargetRegisterInfo *TRI = MF->getSubtarget().getRegisterInfo();
  MachineBasicBlock &MBB = *Jump.getParent();
  for (MachineInstr &Prev :
       make_range(std::next(Jump.getReverseIterator()), MBB.instr_rend())) {
    if (!Prev.modifiesRegister(Reg, TRI))
      continue;
    if (Prev.getOpcode() == N->LEA64r && Prev.getOperand(1 + MemBase).isReg() &&
        Prev.getOperand(1 + MemBase).getReg() == N->RIP &&
        Prev.getOperand(1 + MemDisp).isIdenticalTo(Table))
      return false; // objtool finds it.
    break;
  }
  BuildMI(MBB, Jump.getIterator(), Jump.getDebugLoc(), N->TII->get(N->LEA64r),
          Reg)
      .addReg(N->RIP)
      .addImm(1)
      .addReg(0)
      .add(Table)
      .addReg(0);
  TableBaseLocalized.record(
      ORE, Jump,
      "copied the LEA of " +
          (Table.isGlobal()
               ? "C jump table " + Table.getGlobal()->getName().str()
               : "jump table " + Twine(Table.getIndex()).str()) +
          " to its dispatch, where objtool looks");
  return true;
}

/// ".pushsection" with the arguments of the directive that switches to \p S.
static std::string pushSection(const MachineFunction &MF, const MCSection &S) {
  const TargetMachine &TM = MF.getTarget();
  std::string Switch;
  raw_string_ostream OS(Switch);
  TM.getMCAsmInfo()->printSwitchToSection(S, 0, TM.getTargetTriple(), OS);
  StringRef Line = StringRef(Switch).trim();
  Line.consume_front(".section");
  return "\t.pushsection\t" + Line.trim().str() + "\n";
}

/// The section for this function's 8-byte absolute tables: its jump-table
/// section (".rodata", ".rodata.fn", in the function's comdat group) made
/// writable data under the name PIE code generation uses.
static MCSection *getRelroSection(MachineFunction &MF,
                                  const MCSection &Rodata) {
  const auto &ELFSec = static_cast<const MCSectionELF &>(Rodata);
  StringRef Name = ELFSec.getName();
  std::string RelroName = ".data.rel.ro";
  if (Name.consume_front(".rodata"))
    RelroName += Name.str();
  const MCSymbolELF *Group = ELFSec.getGroup();
  return MF.getContext().getELFSection(
      RelroName, ELF::SHT_PROGBITS,
      ELF::SHF_ALLOC | ELF::SHF_WRITE | (ELFSec.getFlags() & ELF::SHF_GROUP), 0,
      Group ? Group->getName() : "", ELFSec.isComdat(), ELFSec.getUniqueID(),
      nullptr);
}

std::string JumpTableEmitter::ownTablesText(bool Absolute) {
  const TargetMachine &TM = MF->getTarget();
  MCContext &Ctx = MF->getContext();
  const MCSection *Section =
      TM.getObjFileLowering()->getSectionForJumpTable(MF->getFunction(), TM);
  if (Absolute)
    Section = getRelroSection(*MF, *Section);
  std::string Text;
  raw_string_ostream OS(Text);
  const auto &Tables = MJTI->getJumpTables();
  for (unsigned JTI = 0, E = Tables.size(); JTI != E; ++JTI) {
    if (Tables[JTI].MBBs.empty())
      continue;
    if (Text.empty())
      OS << pushSection(*MF, *Section) << "\t.p2align\t" << (Absolute ? 3 : 2)
         << "\n";
    StringRef Label = MF->getJTISymbol(JTI, Ctx)->getName();
    OS << Label << ":\n";
    for (MachineBasicBlock *Target : Tables[JTI].MBBs) {
      // A named label: the block is referenced from this text.
      Target->setLabelMustBeEmitted();
      StringRef Block = Target->getSymbol()->getName();
      if (Block.empty()) {
        reportAt(*MF, "the label of " + Target->getFullName() +
                          " has no name to write jump table " + Twine(JTI));
        return "";
      }
      if (Absolute)
        OS << "\t.quad\t" << Block << "\n";
      else
        OS << "\t.long\t" << Block << "-" << Label << "\n";
    }
    ++NumOwnTables;
  }
  if (!Text.empty())
    OS << "\t.popsection\n";
  return Text;
}

std::string JumpTableEmitter::annotationText(JumpTableAnnotation Kind,
                                             MachineInstr &Jump, unsigned JTI,
                                             SmallBitVector &Described) {
  MCContext &Ctx = MF->getContext();
  MCSymbol *At = Jump.getPreInstrSymbol();
  if (!At || At->getName().empty()) {
    At =
        Ctx.getOrCreateSymbol(".Lgotfree_jmp" + Twine(MF->getFunctionNumber()) +
                              "_" + Twine(NumAnnotatedHere++));
    Jump.setPreInstrSymbol(*MF, At);
  }
  StringRef JumpLabel = At->getName();
  std::string TableLabel = MF->getJTISymbol(JTI, Ctx)->getName().str();
  std::string Text;
  raw_string_ostream OS(Text);
  // Every annotated table is a local STT_OBJECT symbol sized to its entries,
  // so that a checker (and objtool) knows where it ends.
  std::string Object = getTableObjectName(*MF, JTI);
  if (!Described.test(JTI)) {
    uint64_t Size = MJTI->getJumpTables()[JTI].MBBs.size() *
                    MJTI->getEntrySize(MF->getDataLayout());
    OS << "\t.set\t" << Object << ", " << TableLabel << "\n"
       << "\t.type\t" << Object << ",@object\n"
       << "\t.size\t" << Object << ", " << Size << "\n";
    Described.set(JTI);
  }
  switch (Kind) {
  case JumpTableAnnotation::RelocNone: {
    OS << "\t.reloc\t" << JumpLabel << ", R_X86_64_NONE, " << Object << "\n";
    break;
  }
  case JumpTableAnnotation::AnnotateInsn:
    OS << "\t.pushsection\t.discard.annotate_insn,\"M\",@progbits,8\n"
       << "\t.long\t" << JumpLabel << " - .\n"
       << "\t.long\t" << getAnnotateInsnType() << "\n"
       << "\t.popsection\n";
    break;
  case JumpTableAnnotation::TablejumpPairs:
    OS << "\t.pushsection\t.discard.tablejump_annotate,\"\",@progbits\n"
       << "\t.quad\t" << JumpLabel << "\n"
       << "\t.quad\t" << TableLabel << "\n"
       << "\t.popsection\n";
    break;
  case JumpTableAnnotation::None:
    break;
  case JumpTableAnnotation::Auto:
    llvm_unreachable("resolved by resolveJumpTableAnnotation");
  }
  return Text;
}

bool JumpTableEmitter::runOnMachineFunction(MachineFunction &Fn) {
  N = getNamesIfApplicable(Fn);
  if (!N)
    return false;
  MF = &Fn;
  MJTI = Fn.getJumpTableInfo();
  NumAnnotatedHere = 0;

  // Marks never reach the AsmPrinter: it would print them as a section.
  SmallVector<MarkedJump, 4> Marked;
  SmallVector<std::pair<MachineInstr *, const GlobalValue *>, 4> CTableJumps;
  for (MachineBasicBlock &MBB : Fn)
    for (MachineInstr &MI : MBB.instrs()) {
      if (std::optional<unsigned> JTI = getJumpTableMark(MI)) {
        Marked.emplace_back(&MI, *JTI);
        clearJumpTableMark(MI);
      }
      if (const GlobalValue *Table = getCJumpTableMark(MI)) {
        CTableJumps.emplace_back(&MI, Table);
        clearCJumpTableMark(MI);
      }
    }
  auto &ORE = getAnalysis<MachineOptimizationRemarkEmitterPass>().getORE();
  // A computed goto through a C jump table is found by objtool's backward
  // walk, annotations or not.
  for (auto [MI, Table] : CTableJumps)
    localizeTableBase(*MI, MachineOperand::CreateGA(Table, 0), ORE);
  if (!MJTI) {
    for (auto [MI, JTI] : Marked)
      reportAt(*MI, "an annotated jump dispatches through jump table " +
                        Twine(JTI) + ", but the function has none");
    return !Marked.empty() || !CTableJumps.empty();
  }

  JumpTableAnnotation Annotation =
      resolveJumpTableAnnotation(Fn.getTarget().getCodeModel());
  bool Annotate = Annotation != JumpTableAnnotation::None;
  if (Annotate && !Marked.empty() &&
      Annotation == JumpTableAnnotation::AnnotateInsn &&
      !getAnnotateInsnType()) {
    reportAt(Fn, "jump-table-annotations=annotate-insn needs "
                 "annotate-insn-type=N, the ANNOTYPE value of the objtool "
                 "that reads it (mainline objtool has none for jump tables)");
    Annotate = false;
  }
  bool Changed = !Marked.empty() || !CTableJumps.empty();
  if (!Annotate && isKernelOutput(Fn.getTarget().getCodeModel()))
    for (auto [MI, JTI] : Marked)
      localizeTableBase(*MI, MachineOperand::CreateJTI(JTI), ORE);
  if (Annotate && checkMarks(Marked)) {
    SmallBitVector Described(MJTI->getJumpTables().size());
    for (auto [MI, JTI] : Marked) {
      MachineBasicBlock &MBB = *MI->getParent();
      insertAsm(MBB, MBB.getFirstTerminator(),
                annotationText(Annotation, *MI, JTI, Described));
      Annotated.record(ORE, *MI,
                       "annotated the dispatch through jump table " +
                           Twine(JTI).str());
    }
  }

  // Relative tables of a non-PIC function, and 8-byte absolute tables that
  // belong in .data.rel.ro, are written here.
  const TargetMachine &TM = Fn.getTarget();
  MachineJumpTableInfo::JTEntryKind Kind = MJTI->getEntryKind();
  bool OwnRelative = Kind == MachineJumpTableInfo::EK_LabelDifference32 &&
                     !TM.isPositionIndependent();
  bool OwnAbsolute = Kind == MachineJumpTableInfo::EK_BlockAddress &&
                     resolveRelro(TM.getCodeModel());
  if (OwnRelative || OwnAbsolute) {
    std::string Text = ownTablesText(OwnAbsolute);
    if (!Text.empty()) {
      MachineBasicBlock &Entry = Fn.front();
      insertAsm(Entry, Entry.begin(), Text);
      for (unsigned JTI = 0, E = MJTI->getJumpTables().size(); JTI != E; ++JTI)
        MJTI->RemoveJumpTable(JTI);
      Changed = true;
    }
  }
  return Changed;
}
