//===- GotFreePlugin.h - Entry points shared with the clang plugin -*- C++ -*-//

#ifndef GOTFREE_GOTFREEPLUGIN_H
#define GOTFREE_GOTFREEPLUGIN_H

namespace llvm {
class PassBuilder;
}

/// Adds the gotfree IR passes to \p PB's pipelines.
void registerGotFreePassBuilderCallbacks(llvm::PassBuilder &PB);

#endif
