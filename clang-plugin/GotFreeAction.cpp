//===- GotFreeAction.cpp - clang -fplugin=GotFree.so front end ------------===//
//
// Parses -fplugin-arg-gotfree-KEY=VALUE options (an unknown key or value is an
// error that stops the compilation) and adds the gotfree IR passes to clang's
// optimization pipeline. The machine passes need nothing from here: loading
// the shared object registers them with every code generation pipeline.
//
//===----------------------------------------------------------------------===//

#include "GotFreeOptions.h"
#include "GotFreePlugin.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;
using namespace gotfree;

namespace {
class GotFreeAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
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
