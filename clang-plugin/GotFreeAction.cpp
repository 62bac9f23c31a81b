//===- GotFreeAction.cpp - clang -fplugin=GotFree.so front end ------------===//
//
// Parses -fplugin-arg-gotfree-KEY=VALUE options (an unknown key or value is an
// error that stops the compilation) and adds the gotfree IR passes to clang's
// optimization pipeline. The machine passes need nothing from here: loading
// the shared object registers them with every code generation pipeline.
// It also warns about a setting that only a kernel can run (see
// warnIfHostedKernelModelCanary), and resolves the options whose default
// depends on the kernel a compile belongs to from that kernel's
// configuration (readKernelConfiguration).
//
//===----------------------------------------------------------------------===//

#include "GotFreeOptions.h"
#include "GotFreePlugin.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Lex/HeaderSearchOptions.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;
using namespace gotfree;

/// -mcmodel=kernel code protected by -fstack-protector reads its canary from
/// %gs:40, which a kernel sets up and a hosted program does not: rewrite mode
/// used for user space (the small model's %fs:40 needs -mcmodel=small) then
/// crashes at the first protected return. A compile is hosted when it uses
/// the standard system headers and is not -ffreestanding; kernels and
/// firmware build with -nostdinc or -ffreestanding.
static void warnIfHostedKernelModelCanary(CompilerInstance &CI) {
  const CodeGenOptions &CG = CI.getCodeGenOpts();
  const LangOptions &LO = CI.getLangOpts();
  const llvm::Triple &T = CI.getTarget().getTriple();
  if (resolveMode(T, LO.PICLevel != 0) != EffectiveMode::Rewrite ||
      CG.CodeModel != "kernel" || LO.getStackProtector() == LangOptions::SSPOff)
    return;
  bool GuardInTLS =
      CG.StackProtectorGuard.empty() || CG.StackProtectorGuard == "tls";
  bool DefaultGuardPlace =
      CG.StackProtectorGuardReg.empty() || CG.StackProtectorGuardReg == "none";
  bool Hosted =
      CI.getHeaderSearchOpts().UseStandardSystemIncludes && !LO.Freestanding;
  if (!GuardInTLS || !DefaultGuardPlace || !Hosted)
    return;
  DiagnosticsEngine &Diags = CI.getDiagnostics();
  unsigned ID = Diags.getCustomDiagID(
      DiagnosticsEngine::Warning,
      "gotfree: -mcmodel=kernel with -fstack-protector reads the stack "
      "canary from %%gs:40, which only a kernel sets up; a hosted program "
      "crashes at its first protected return (use -fno-stack-protector or "
      "-mstack-protector-guard=global, or -ffreestanding/-nostdinc if this "
      "is kernel code)");
  Diags.Report(ID);
}

/// What the configuration of the kernel a compile belongs to says, for the
/// options whose right value depends on it (applyKernelConfiguration). A
/// kernel compile is one for x86-64 with __KERNEL__ defined; Kbuild puts the
/// configuration in front of every one (-include include/linux/kconfig.h,
/// which includes generated/autoconf.h), so its macros are defined by the
/// end of the translation unit.
static std::optional<KernelConfiguration>
readKernelConfiguration(CompilerInstance &CI) {
  const llvm::Triple &T = CI.getTarget().getTriple();
  Preprocessor &PP = CI.getPreprocessor();
  if (!T.isX86() || !T.isArch64Bit() || !PP.isMacroDefined("__KERNEL__"))
    return std::nullopt;
  KernelConfiguration K;
  // CONFIG_X86_64_SMP (def_bool y, depends on X86_64 && SMP) is the switch
  // of the zero-based per-CPU area: every kernel that has the area defines
  // it, and its percpu.h used it to name the boot CPU's copy
  // (init_per_cpu__*). 6.15 made per-CPU symbols ordinary addresses
  // ("x86/percpu/64: Use relative percpu offsets") and the option went away
  // after 6.16 ("x86/kconfig: Drop unused and needless config X86_64_SMP").
  // Kernels in between still define it and are taken for zero-based, which
  // keeps their per-CPU references absolute as before (their relocs tool
  // applies them): never the other way round.
  K.ZeroBasedPerCPU = PP.isMacroDefined("CONFIG_X86_64_SMP");
  return K;
}

namespace {
/// Reads the kernel configuration once the translation unit is parsed, and
/// before code generation runs the gotfree passes: a plugin action added
/// before the main action sees the translation unit first.
class KernelConfigurationReader : public ASTConsumer {
  CompilerInstance &CI;

public:
  explicit KernelConfigurationReader(CompilerInstance &CI) : CI(CI) {}
  void HandleTranslationUnit(ASTContext &) override {
    if (std::optional<KernelConfiguration> K = readKernelConfiguration(CI))
      applyKernelConfiguration(*K);
  }
};

class GotFreeAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    warnIfHostedKernelModelCanary(CI);
    CI.getCodeGenOpts().PassBuilderCallbacks.push_back(
        registerGotFreePassBuilderCallbacks);
    return std::make_unique<KernelConfigurationReader>(CI);
  }

  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    unsigned BadArg =
        Diags.getCustomDiagID(DiagnosticsEngine::Error,
                              "invalid argument '-fplugin-arg-gotfree-%0': %1");
    bool OK = true;
    for (const std::string &Arg : Args) {
      if (Arg == "help") {
        llvm::errs() << "gotfree options (-fplugin-arg-gotfree-KEY=VALUE):\n"
                     << describePluginOptions();
        continue;
      }
      auto [Key, Value] = llvm::StringRef(Arg).split('=');
      if (Value.empty() && !llvm::StringRef(Arg).contains('=')) {
        Diags.Report(BadArg) << Arg << "expected KEY=VALUE";
        OK = false;
        continue;
      }
      if (llvm::Error E = setOptionFromPluginArg(Key, Value)) {
        Diags.Report(BadArg) << Arg << llvm::toString(std::move(E));
        OK = false;
      }
    }
    return OK;
  }

  ActionType getActionType() override { return AddBeforeMainAction; }
};
} // namespace

static FrontendPluginRegistry::Add<GotFreeAction>
    Registration("gotfree", "GOT-free x86-64 position-independent codegen");
