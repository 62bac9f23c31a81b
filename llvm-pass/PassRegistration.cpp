//===- PassRegistration.cpp - How every host finds the gotfree passes -----===//
//
// GotFree.so is loaded by clang (-fplugin / -fpass-plugin), opt and ld.lld
// (-load-pass-plugin) and llc (-load). The machine passes are registered
// statically (for llc -run-pass) and enter every code generation pipeline
// through a TargetPassConfig callback; the IR pass enters the new pass
// manager's pipelines through the pass plugin interface.
//
//===----------------------------------------------------------------------===//

#include "DSOLocalPass.h"
#include "GotFreeOptions.h"
#include "GotFreePlugin.h"
#include "ModuleOptionsPass.h"
#include "Passes.h"
#include "RelroDataPass.h"
#include "WeakAddressPass.h"
#include "jumptables/NoJumpTables.h"

#include "llvm/CodeGen/Passes.h"
#include "llvm/CodeGen/TargetPassConfig.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Plugins/PassPlugin.h"
#include "llvm/Target/RegisterTargetPassConfigCallback.h"

using namespace llvm;
using namespace gotfree;

static void insertMachinePasses(TargetMachine &TM, PassManagerBase &PM,
                                TargetPassConfig *PassConfig) {
  if (getEffectiveMode(TM) == EffectiveMode::Off)
    return;
  // The options the module's compile was given, for the machine passes.
  PM.add(createApplyModuleOptionsLegacyPass());
  // Jump tables: "none" must reach switch lowering, which runs first.
  if (isNoJumpTablesRequested())
    PM.add(createNoJumpTablesLegacyPass());
  // The layout and the marks see isel's own dispatch, before the rewrites.
  PassConfig->insertPass(&FinalizeISelID, &JumpTableFormatID);
  PassConfig->insertPass(&FinalizeISelID, &JumpTableMarkerID);
  PassConfig->insertPass(&FinalizeISelID, &GOTRefRemoverID);
  PassConfig->insertPass(&FinalizeISelID, &AbsoluteRefRewriterID);
  PassConfig->insertPass(&FinalizeISelID, &AddressSharingID);
  // Bundles are unpacked by the last pass before the X86 AsmPrinter.
  PassConfig->insertPass(&UnpackMachineBundlesID, &LateFixupID);
  PassConfig->insertPass(&UnpackMachineBundlesID, &VerifierID);
  PassConfig->insertPass(&UnpackMachineBundlesID, &JumpTableEmitterID);
  PassConfig->insertPass(&UnpackMachineBundlesID, &EHEncodingsID);
}

static RegisterTargetPassConfigCallback
    MachinePassCallback(insertMachinePasses);

void registerGotFreePassBuilderCallbacks(PassBuilder &PB) {
  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(RecordOptionsPass());
        if (isNoJumpTablesRequested())
          MPM.addPass(createModuleToFunctionPassAdaptor(NoJumpTablesPass()));
      });
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel, ThinOrFullLTOPhase Phase) {
        if (Phase == ThinOrFullLTOPhase::ThinLTOPostLink)
          MPM.addPass(ApplyModuleOptionsPass());
        MPM.addPass(WeakAddressPass());
        MPM.addPass(DSOLocalPass());
        // Where code generation follows. An LTO compile writes bitcode that
        // the link optimizes again: its type-test lowering refuses a vtable
        // (a global with !type) in an explicit section, and devirtualization
        // and constant folding need the constness this pass drops. The link
        // runs the pass at its own end (a ThinLTO backend's optimizer, full
        // LTO's last callback below).
        if (Phase != ThinOrFullLTOPhase::ThinLTOPreLink &&
            Phase != ThinOrFullLTOPhase::FullLTOPreLink)
          MPM.addPass(RelroDataPass());
      });
  PB.registerFullLinkTimeOptimizationLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(ApplyModuleOptionsPass());
        MPM.addPass(WeakAddressPass());
        MPM.addPass(DSOLocalPass());
        MPM.addPass(RelroDataPass());
      });
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM,
         ArrayRef<PassBuilder::PipelineElement>) {
        if (Name == DSOLocalPass::name()) {
          MPM.addPass(DSOLocalPass());
          return true;
        }
        if (Name == NoJumpTablesPass::name()) {
          MPM.addPass(createModuleToFunctionPassAdaptor(NoJumpTablesPass()));
          return true;
        }
        if (Name == WeakAddressPass::name()) {
          MPM.addPass(WeakAddressPass());
          return true;
        }
        if (Name == RelroDataPass::name()) {
          MPM.addPass(RelroDataPass());
          return true;
        }
        return false;
      });
}

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "gotfree", "1",
          registerGotFreePassBuilderCallbacks};
}
