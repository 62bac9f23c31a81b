//===- RewritePasses.cpp - The passes that apply the gotfree rewrites -----===//
//
// Three points in the X86 pipeline apply the rewrites of Rewrites.h:
//  * gotfree-remove-got, right after instruction selection: what -fpie codegen
//    still routes through the GOT (GOTPCREL loads, which can then fold into
//    the memory references that use them; -fno-plt calls; libcalls);
//  * gotfree-rewrite, right after it, in SSA form: absolute symbol references
//    become RIP-relative; the LEAs it creates are shared by
//    gotfree-share-addresses (AddressSharing.cpp) and hoisted out of loops by
//    MachineLICM: that is where the code size of -mcmodel=kernel is kept;
//  * gotfree-late-fixup, just before the verifier: references that only
//    appear after register allocation (the stack protector's guard load,
//    expanded tail calls) get the rewrites that need no new register.
//
//===----------------------------------------------------------------------===//

#include "Diagnostics.h"
#include "GotFreeOptions.h"
#include "Passes.h"
#include "Rewrites.h"

#include "llvm/CodeGen/MachineFunctionPass.h"
#include "llvm/CodeGen/MachineOptimizationRemarkEmitter.h"

using namespace llvm;
using namespace gotfree;

#define DEBUG_TYPE "gotfree"

GOTFREE_STATISTIC(NumLinkTimeFunctions,
                  "Functions of a link-time section left unchanged");

/// Remarks (-Rpass-missed=gotfree) that rewrite mode leaves \p MF alone
/// because its section is a link-time section.
static void remarkLinkTimeFunction(MachineFunction &MF,
                                   MachineOptimizationRemarkEmitter &ORE) {
  std::optional<StringRef> Section = getLinkTimeSection(MF);
  if (!Section)
    return;
  ++NumLinkTimeFunctions;
  ORE.emit([&] {
    return MachineOptimizationRemarkMissed(RemarkPassName, "LinkTimeSection",
                                           MF.getFunction().getSubprogram(),
                                           &MF.front())
           << "kept the absolute references of " << MF.getName()
           << ": it is in link-time section " << *Section
           << " (option link-time-sections)";
  });
}

namespace {
/// Applies \p Rewrite to every instruction of a function gotfree applies to.
/// The pass that runs first in a function (\p First) remarks a function it
/// leaves alone on purpose.
template <bool (*Rewrite)(RewriteContext &, MachineInstr &), bool PreRA,
          bool First = false>
class RewritePass : public MachineFunctionPass {
public:
  static char ID;
  RewritePass() : MachineFunctionPass(ID) {}

  void getAnalysisUsage(AnalysisUsage &AU) const override {
    AU.addRequired<MachineOptimizationRemarkEmitterPass>();
    AU.setPreservesCFG();
    MachineFunctionPass::getAnalysisUsage(AU);
  }

  MachineFunctionProperties getRequiredProperties() const override {
    return PreRA ? MachineFunctionProperties().setIsSSA()
                 : MachineFunctionProperties().setNoVRegs();
  }

  bool runOnMachineFunction(MachineFunction &MF) override {
    auto &ORE = getAnalysis<MachineOptimizationRemarkEmitterPass>().getORE();
    const X86Names *Names = getNamesIfApplicable(MF);
    if (!Names) {
      if (First)
        remarkLinkTimeFunction(MF, ORE);
      return false;
    }
    RewriteContext Ctx{MF, *Names, ORE, /*CanCreateRegs=*/PreRA};
    bool Changed = false;
    for (MachineBasicBlock &MBB : MF)
      for (MachineInstr &MI : make_early_inc_range(MBB.instrs()))
        Changed |= Rewrite(Ctx, MI);
    return Changed;
  }
};

template <RewriteSet Which> bool apply(RewriteContext &Ctx, MachineInstr &MI) {
  return applyRewrites(Ctx, MI, Which);
}

using GOTRefRemover =
    RewritePass<apply<RewriteSet::GOT>, /*PreRA=*/true, /*First=*/true>;
using AbsoluteRefRewriter =
    RewritePass<apply<RewriteSet::Absolute>, /*PreRA=*/true>;
using LateFixup = RewritePass<apply<RewriteSet::All>, /*PreRA=*/false>;
} // namespace

template <bool (*Rewrite)(RewriteContext &, MachineInstr &), bool PreRA,
          bool First>
char RewritePass<Rewrite, PreRA, First>::ID = 0;

char &gotfree::GOTRefRemoverID = GOTRefRemover::ID;
char &gotfree::AbsoluteRefRewriterID = AbsoluteRefRewriter::ID;
char &gotfree::LateFixupID = LateFixup::ID;

static RegisterPass<GOTRefRemover> RemoveGOT("gotfree-remove-got",
                                             "gotfree: remove GOT references");
static RegisterPass<AbsoluteRefRewriter>
    Rewrite("gotfree-rewrite",
            "gotfree: rewrite absolute symbol references as RIP-relative");
static RegisterPass<LateFixup> Late("gotfree-late-fixup",
                                    "gotfree: late GOT-free fixups");
