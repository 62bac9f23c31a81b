//===- TableLayout.cpp - Give jump tables the requested layout ------------===//
//
// Runs right after instruction selection, before the rewrite passes, in SSA
// form. The entry kind of MachineJumpTableInfo is per function, so either
// every table of a function is converted or none is (a located error names
// the dispatch that could not be understood).
//
//  * relative from the static model's 8-byte absolute tables (rewrite mode):
//      jmp *tbl(,%i,8)        ->  lea tbl(%rip),%t; movslq (%t,%i,4),%o
//                                 add %t,%o; jmp *%o
//    The entries become ".long .LBB - tbl". The X86 AsmPrinter of a non-PIC
//    function would print them against an undefined PIC base, so the late
//    jump-table emitter writes these tables itself
//    (EmitTablesAndAnnotations.cpp).
//  * absolute-rip from PIE mode's relative tables:
//      movslq (%t,%i,4),%o; add %t,%o  ->  movq (%t,%i,8),%o
//    with ".quad .LBB" entries (R_X86_64_64). PIC code puts such tables in
//    .data.rel.ro, which a static PIE's loader relocates; a kernel's relocs
//    tool relocates them wherever they are.
// The format comes from resolveJumpTableFormat: by default relative in a
// kernel and absolute-rip anywhere else.
//
//===----------------------------------------------------------------------===//

#include "Diagnostics.h"
#include "GotFreeOptions.h"
#include "Passes.h"
#include "X86Names.h"

#include "Statistics.h"
#include "llvm/CodeGen/MachineFunctionPass.h"
#include "llvm/CodeGen/MachineInstrBuilder.h"
#include "llvm/CodeGen/MachineJumpTableInfo.h"
#include "llvm/CodeGen/MachineOptimizationRemarkEmitter.h"
#include "llvm/CodeGen/MachineRegisterInfo.h"
#include "llvm/CodeGen/TargetInstrInfo.h"
#include "llvm/CodeGenTypes/LowLevelType.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;
using namespace gotfree;

#define DEBUG_TYPE "gotfree"

GOTFREE_REWRITE_KIND(ToRelative,
                     "Jump-table dispatches converted to relative tables");
GOTFREE_REWRITE_KIND(ToAbsolute,
                     "Jump-table dispatches converted to absolute-rip tables");

namespace {
/// Opcodes beyond X86Names' common set, looked up by name as well.
struct DispatchOpcodes {
  unsigned MOVSX64rm32, ADD64rr, JMP64r_NT, JMP64m_NT;
  bool init(const X86Names &N) {
    auto Get = [&](StringRef Name, unsigned &Out) {
      std::optional<unsigned> Opc = N.lookupOpcode(Name);
      Out = Opc.value_or(0);
      return Opc.has_value();
    };
    bool OK = Get("MOVSX64rm32", MOVSX64rm32);
    OK &= Get("ADD64rr", ADD64rr);
    OK &= Get("JMP64r_NT", JMP64r_NT);
    OK &= Get("JMP64m_NT", JMP64m_NT);
    return OK;
  }
};

class JumpTableFormatPass : public MachineFunctionPass {
public:
  static char ID;
  JumpTableFormatPass() : MachineFunctionPass(ID) {}
  StringRef getPassName() const override {
    return "gotfree: give jump tables the requested layout";
  }
  void getAnalysisUsage(AnalysisUsage &AU) const override {
    AU.addRequired<MachineOptimizationRemarkEmitterPass>();
    AU.setPreservesCFG();
    MachineFunctionPass::getAnalysisUsage(AU);
  }
  bool runOnMachineFunction(MachineFunction &MF) override;

private:
  const X86Names *N = nullptr;
  DispatchOpcodes Ops;
  MachineOptimizationRemarkEmitter *ORE = nullptr;

  bool toRelative(MachineFunction &MF);
  bool toAbsolute(MachineFunction &MF);
  void convertAbsoluteLoad(MachineInstr &MI, unsigned MemIdx);
  void unsupported(const MachineInstr &MI, unsigned JTI, StringRef Format);
};
} // namespace

char JumpTableFormatPass::ID = 0;
char &gotfree::JumpTableFormatID = JumpTableFormatPass::ID;
static RegisterPass<JumpTableFormatPass>
    Registration("gotfree-jump-table-format",
                 "gotfree: give jump tables the requested layout");

/// Replaces the function's jump-table info by one of entry kind \p Kind with
/// the same tables at the same indices (there is no entry-kind setter).
static void setEntryKind(MachineFunction &MF,
                         MachineJumpTableInfo::JTEntryKind Kind) {
  MachineJumpTableInfo *Old = MF.getJumpTableInfo();
  MachineJumpTableInfo Fresh(Kind);
  for (const MachineJumpTableEntry &E : Old->getJumpTables())
    Fresh.createJumpTableIndex(E.MBBs);
  *Old = std::move(Fresh);
}

void JumpTableFormatPass::unsupported(const MachineInstr &MI, unsigned JTI,
                                      StringRef Format) {
  reportAt(MI, "cannot give jump table " + Twine(JTI) + " the " + Format +
                   " layout: unrecognized use in " +
                   N->TII->getName(MI.getOpcode()) + " (try jump-tables=keep)");
}

/// "jmp *tbl(,%i,8)" / "mov tbl(,%i,8), %r": the static model's dispatch.
static bool isAbsoluteTableLoad(const MachineOperand &JT,
                                const MachineInstr &MI, const X86Names &N,
                                unsigned &MemIdx) {
  std::optional<unsigned> Idx = N.getMemOperandIdx(MI);
  if (!Idx || MI.getOperandNo(&JT) != *Idx + MemDisp)
    return false;
  const MachineOperand &Base = MI.getOperand(*Idx + MemBase);
  const MachineOperand &Scale = MI.getOperand(*Idx + MemScale);
  const MachineOperand &Index = MI.getOperand(*Idx + MemIndex);
  const MachineOperand &Seg = MI.getOperand(*Idx + MemSegment);
  MemIdx = *Idx;
  return Base.isReg() && !Base.getReg() && Scale.isImm() &&
         Scale.getImm() == 8 && Index.isReg() && Index.getReg().isVirtual() &&
         Seg.isReg() && !Seg.getReg();
}

bool JumpTableFormatPass::toRelative(MachineFunction &MF) {
  // Check every use first: the entry kind is per function.
  SmallVector<std::pair<MachineInstr *, unsigned>, 4> Loads;
  for (MachineBasicBlock &MBB : MF)
    for (MachineInstr &MI : MBB)
      for (const MachineOperand &MO : MI.operands()) {
        if (!MO.isJTI())
          continue;
        unsigned MemIdx;
        unsigned Opc = MI.getOpcode();
        if ((Opc != N->JMP64m && Opc != Ops.JMP64m_NT && Opc != N->MOV64rm) ||
            !isAbsoluteTableLoad(MO, MI, *N, MemIdx)) {
          unsupported(MI, MO.getIndex(), "relative");
          return false;
        }
        Loads.emplace_back(&MI, MemIdx);
      }

  MachineRegisterInfo &MRI = MF.getRegInfo();
  const TargetInstrInfo &TII = *N->TII;
  for (auto [MI, MemIdx] : Loads) {
    MachineBasicBlock &MBB = *MI->getParent();
    const DebugLoc &DL = MI->getDebugLoc();
    const MachineOperand &JT = MI->getOperand(MemIdx + MemDisp);
    MachineOperand Index = MI->getOperand(MemIdx + MemIndex);
    Index.setIsKill(false);
    unsigned JTI = JT.getIndex();

    Register Table =
        MRI.createVirtualRegister(TII.getRegClass(TII.get(N->LEA64r), 0));
    BuildMI(MBB, *MI, DL, TII.get(N->LEA64r), Table)
        .addReg(N->RIP)
        .addImm(1)
        .addReg(0)
        .addJumpTableIndex(JTI)
        .addReg(0);
    Register Offset =
        MRI.createVirtualRegister(TII.getRegClass(TII.get(Ops.MOVSX64rm32), 0));
    MRI.constrainRegClass(Table, TII.getRegClass(TII.get(Ops.MOVSX64rm32), 1));
    MachineMemOperand *MMO = MF.getMachineMemOperand(
        MachinePointerInfo::getJumpTable(MF), MachineMemOperand::MOLoad,
        LLT::scalar(32), Align(4));
    BuildMI(MBB, *MI, DL, TII.get(Ops.MOVSX64rm32), Offset)
        .addReg(Table)
        .addImm(4)
        .add(Index)
        .addImm(0)
        .addReg(0)
        .addMemOperand(MMO);
    bool IsLoad = MI->getOpcode() == N->MOV64rm;
    Register Target = IsLoad ? MI->getOperand(0).getReg()
                             : MRI.createVirtualRegister(
                                   TII.getRegClass(TII.get(Ops.ADD64rr), 0));
    MachineInstr *Add = BuildMI(MBB, *MI, DL, TII.get(Ops.ADD64rr), Target)
                            .addReg(Offset)
                            .addReg(Table);
    for (MachineOperand &Def : Add->implicit_operands())
      if (Def.isDef())
        Def.setIsDead();
    MachineInstr *Jump = Add;
    if (!IsLoad) {
      unsigned JmpOpc =
          MI->getOpcode() == Ops.JMP64m_NT ? Ops.JMP64r_NT : N->JMP64r;
      Jump = BuildMI(MBB, *MI, DL, TII.get(JmpOpc)).addReg(Target);
      Jump->setFlags(MI->getFlags());
    }
    ToRelative.record(*ORE, *Jump,
                      "made jump table " + Twine(JTI).str() +
                          " relative to itself (4-byte entries)");
    MI->eraseFromParent();
  }
  setEntryKind(MF, MachineJumpTableInfo::EK_LabelDifference32);
  return true;
}

bool JumpTableFormatPass::toAbsolute(MachineFunction &MF) {
  MachineRegisterInfo &MRI = MF.getRegInfo();
  // Every table address is a RIP-relative lea whose users are the entry
  // loads (movslq (%t,%i,4)) and the adds of the base; every entry load is
  // only used by such adds.
  auto IsTableLEA = [&](Register R) {
    const MachineInstr *Def = R.isVirtual() ? MRI.getUniqueVRegDef(R) : nullptr;
    return Def && Def->getOpcode() == N->LEA64r &&
           Def->getOperand(1 + MemDisp).isJTI() &&
           Def->getOperand(1 + MemBase).getReg() == N->RIP;
  };
  auto IsBaseAdd = [&](const MachineInstr &MI) {
    if (MI.getOpcode() != Ops.ADD64rr)
      return false;
    // Nothing may read the flags of the add that goes away.
    const MachineOperand &Flags = MI.getOperand(3);
    return Flags.isReg() && Flags.isDef() && Flags.isDead() &&
           (IsTableLEA(MI.getOperand(1).getReg()) ||
            IsTableLEA(MI.getOperand(2).getReg()));
  };
  SmallVector<MachineInstr *, 4> EntryLoads;
  for (MachineBasicBlock &MBB : MF)
    for (MachineInstr &MI : MBB)
      for (const MachineOperand &MO : MI.operands()) {
        if (!MO.isJTI())
          continue;
        if (MI.getOpcode() != N->LEA64r ||
            MI.getOperandNo(&MO) != 1 + MemDisp ||
            !IsTableLEA(MI.getOperand(0).getReg())) {
          unsupported(MI, MO.getIndex(), "absolute-rip");
          return false;
        }
        for (MachineInstr &User :
             MRI.use_nodbg_instructions(MI.getOperand(0).getReg())) {
          if (IsBaseAdd(User))
            continue;
          bool EntryLoad = User.getOpcode() == Ops.MOVSX64rm32 &&
                           User.getOperand(1 + MemBase).isReg() &&
                           User.getOperand(1 + MemBase).getReg() ==
                               MI.getOperand(0).getReg() &&
                           User.getOperand(1 + MemScale).getImm() == 4 &&
                           User.getOperand(1 + MemDisp).isImm() &&
                           User.getOperand(1 + MemDisp).getImm() == 0 &&
                           !User.getOperand(1 + MemSegment).getReg();
          for (MachineInstr &Sum :
               MRI.use_nodbg_instructions(User.getOperand(0).getReg()))
            EntryLoad &= IsBaseAdd(Sum);
          if (!EntryLoad) {
            unsupported(User, MO.getIndex(), "absolute-rip");
            return false;
          }
          if (!is_contained(EntryLoads, &User))
            EntryLoads.push_back(&User);
        }
      }

  const TargetInstrInfo &TII = *N->TII;
  for (MachineInstr *Load : EntryLoads) {
    Register Entry = Load->getOperand(0).getReg();
    Load->getOperand(1 + MemScale).setImm(8);
    SmallVector<MachineInstr *, 2> Adds;
    for (MachineInstr &Sum : MRI.use_nodbg_instructions(Entry))
      Adds.push_back(&Sum);
    // The entry is the target now. A jmp that is the only user of the sum
    // loads it itself, "jmp *(%t,%i,8)", as the static model's isel does:
    // the peephole optimizer would fold the load later, and that fold
    // (TargetInstrInfo::foldMemoryOperand with a LoadMI) drops the
    // instruction's !pcsections, i.e. the jump-table mark. Other sums become
    // copies.
    bool Folded = false;
    for (MachineInstr *Sum : Adds) {
      Register SumReg = Sum->getOperand(0).getReg();
      MachineInstr *Jump = MRI.hasOneNonDBGUse(SumReg)
                               ? &*MRI.use_instr_nodbg_begin(SumReg)
                               : nullptr;
      bool CanFold = Adds.size() == 1 && Jump &&
                     Jump->getParent() == Load->getParent() &&
                     (Jump->getOpcode() == N->JMP64r ||
                      Jump->getOpcode() == Ops.JMP64r_NT);
      if (CanFold) {
        MachineInstrBuilder JMP =
            BuildMI(*Jump->getParent(), *Jump, Jump->getDebugLoc(),
                    TII.get(Jump->getOpcode() == N->JMP64r ? N->JMP64m
                                                           : Ops.JMP64m_NT));
        for (unsigned I = 0; I != MemNumOperands; ++I) {
          MachineOperand MO = Load->getOperand(1 + I);
          if (MO.isReg())
            MO.setIsKill(false);
          JMP.add(MO);
        }
        JMP.addMemOperand(MF.getMachineMemOperand(
            MachinePointerInfo::getJumpTable(MF), MachineMemOperand::MOLoad,
            LLT::scalar(64), Align(8)));
        JMP->setFlags(Jump->getFlags());
        ToAbsolute.record(*ORE, *JMP,
                          "made jump-table entries 8-byte absolute addresses");
        Jump->eraseFromParent();
        Sum->eraseFromParent();
        Folded = true;
        continue;
      }
      BuildMI(*Sum->getParent(), *Sum, Sum->getDebugLoc(),
              TII.get(TargetOpcode::COPY), SumReg)
          .addReg(Entry);
      Sum->eraseFromParent();
    }
    if (Folded) {
      Load->eraseFromParent();
      continue;
    }
    Load->setDesc(TII.get(N->MOV64rm));
    Load->setMemRefs(
        MF, {MF.getMachineMemOperand(MachinePointerInfo::getJumpTable(MF),
                                     MachineMemOperand::MOLoad, LLT::scalar(64),
                                     Align(8))});
    MRI.constrainRegClass(Entry, TII.getRegClass(TII.get(N->MOV64rm), 0));
    ToAbsolute.record(*ORE, *Load,
                      "made jump-table entries 8-byte absolute addresses");
  }
  setEntryKind(MF, MachineJumpTableInfo::EK_BlockAddress);
  return true;
}

bool JumpTableFormatPass::runOnMachineFunction(MachineFunction &MF) {
  N = getNamesIfApplicable(MF);
  MachineJumpTableInfo *MJTI = MF.getJumpTableInfo();
  if (!N || !MJTI || MJTI->isEmpty())
    return false;
  if (!Ops.init(*N)) {
    reportAt(MF, "this X86 backend lacks the jump-table dispatch opcodes");
    return false;
  }
  ORE = &getAnalysis<MachineOptimizationRemarkEmitterPass>().getORE();
  JumpTableFormat Format =
      resolveJumpTableFormat(MF.getTarget().getCodeModel());
  MachineJumpTableInfo::JTEntryKind Kind = MJTI->getEntryKind();
  if (Format == JumpTableFormat::Relative &&
      Kind == MachineJumpTableInfo::EK_BlockAddress)
    return toRelative(MF);
  if (Format == JumpTableFormat::AbsoluteRIP &&
      Kind == MachineJumpTableInfo::EK_LabelDifference32)
    return toAbsolute(MF);
  return false;
}
