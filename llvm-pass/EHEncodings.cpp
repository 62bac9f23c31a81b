//===- EHEncodings.cpp - PC-relative exception-table pointers -------------===//
//
// Rewrite mode leaves the exception tables' own pointers to the relocation
// model: without PIC, the personality routine, the LSDA and the catch types
// are absolute (DW_EH_PE_udata4 in the small model, R_X86_64_32; absptr in
// the kernel model, R_X86_64_64), in read-only .eh_frame and
// .gcc_except_table, so no static PIE links (-z text) and nothing a
// self-relocating image does reaches them. This pass gives them the
// encodings PIC code uses: the LSDA pc-relative, the personality and the
// catch types pc-relative through a DW.ref data word (in writable data, where
// an image relocates it), all 4 bytes wide like the code's own references.
//
// The encodings live in the target's TargetLoweringObjectFile, which the
// AsmPrinter initializes from the relocation model before the first function
// and reads while it emits each function and at the end of the module: a
// machine function pass, which runs after that initialization and before
// the AsmPrinter sees the function, sets them.
//
//===----------------------------------------------------------------------===//

#include "GotFreeOptions.h"
#include "Passes.h"

#include "Statistics.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/CodeGen/MachineFunctionPass.h"
#include "llvm/Target/TargetLoweringObjectFile.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;
using namespace gotfree;

#define DEBUG_TYPE "gotfree"

GOTFREE_STATISTIC(NumEHEncodings,
                  "Modules whose exception-table pointers were made "
                  "PC-relative");

namespace {
/// TargetLoweringObjectFile keeps its encodings protected; a derived class
/// may name them, and the member pointers apply to any instance.
struct EHEncodingFields : TargetLoweringObjectFile {
  static void setPCRelative(TargetLoweringObjectFile &TLOF) {
    using namespace dwarf;
    const unsigned PCRel4 = DW_EH_PE_pcrel | DW_EH_PE_sdata4;
    TLOF.*(&EHEncodingFields::PersonalityEncoding) = DW_EH_PE_indirect | PCRel4;
    TLOF.*(&EHEncodingFields::LSDAEncoding) = PCRel4;
    TLOF.*(&EHEncodingFields::TTypeEncoding) = DW_EH_PE_indirect | PCRel4;
  }
};

class EHEncodings : public MachineFunctionPass {
public:
  static char ID;
  EHEncodings() : MachineFunctionPass(ID) {}
  StringRef getPassName() const override {
    return "gotfree: PC-relative exception-table pointers";
  }
  void getAnalysisUsage(AnalysisUsage &AU) const override {
    AU.setPreservesAll();
    MachineFunctionPass::getAnalysisUsage(AU);
  }
  bool runOnMachineFunction(MachineFunction &MF) override {
    const TargetMachine &TM = MF.getTarget();
    if (getEffectiveMode(TM) != EffectiveMode::Rewrite ||
        TM.isPositionIndependent() || !TM.getTargetTriple().isOSBinFormatELF())
      return false;
    TargetLoweringObjectFile &TLOF = *TM.getObjFileLowering();
    if (TLOF.getLSDAEncoding() ==
        (dwarf::DW_EH_PE_pcrel | dwarf::DW_EH_PE_sdata4))
      return false;
    EHEncodingFields::setPCRelative(TLOF);
    ++NumEHEncodings;
    return false;
  }
};
} // namespace

char EHEncodings::ID = 0;
char &gotfree::EHEncodingsID = EHEncodings::ID;
static RegisterPass<EHEncodings>
    Registration("gotfree-eh-encodings",
                 "gotfree: PC-relative exception-table pointers");
