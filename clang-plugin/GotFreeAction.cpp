//===- GotFreeAction.cpp - clang -fplugin=GotFree.so front end ------------===//
//
// Parses -fplugin-arg-gotfree-KEY=VALUE options (an unknown key or value is an
// error that stops the compilation) and adds the gotfree IR passes to clang's
// optimization pipeline. The machine passes need nothing from here: loading
// the shared object registers them with every code generation pipeline.
// It also warns about a setting that only a kernel can run (see
// warnIfHostedKernelModelCanary).
//
//===----------------------------------------------------------------------===//

#include "GotFreeOptions.h"
#include "GotFreePlugin.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Lex/HeaderSearchOptions.h"
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

namespace {
class GotFreeAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    warnIfHostedKernelModelCanary(CI);
    CI.getCodeGenOpts().PassBuilderCallbacks.push_back(
        registerGotFreePassBuilderCallbacks);
    return std::make_unique<ASTConsumer>();
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
