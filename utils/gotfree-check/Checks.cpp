//===- Checks.cpp - Runs every check on one file --------------------------===//

#include "Checks.h"

#include "llvm/BinaryFormat/ELF.h"

#include <tuple>

using namespace llvm;

namespace gotfree {

static const char *elfTypeName(unsigned Type) {
  switch (Type) {
  case ELF::ET_REL:
    return "relocatable object";
  case ELF::ET_EXEC:
    return "executable";
  case ELF::ET_DYN:
    return "shared object or PIE";
  }
  return "?";
}

Expected<Report> runChecks(MemoryBufferRef Buffer, const CheckOptions &Opts,
                           const X86Decoder &Dec) {
  Expected<std::unique_ptr<ElfInput>> In = ElfInput::load(Buffer);
  if (!In)
    return In.takeError();
  Report R;
  R.File = Buffer.getBufferIdentifier().str();
  R.ElfType = elfTypeName((*In)->elfType());
  std::copy(std::begin(Opts.Allowed), std::end(Opts.Allowed), R.Allowed);
  CheckContext Ctx(**In, Dec, Opts, R);
  // Order matters: slots first, then what fills them (dynamic relocations,
  // then static ones, then the contents), references last.
  collectGotSlots(Ctx);
  if (Error E = checkDynamicRelocs(Ctx))
    return std::move(E);
  if (Error E = checkStaticRelocs(Ctx))
    return std::move(E);
  scanCodeForGotRefs(Ctx);
  finishGotSlots(Ctx);
  if (Error E = checkJumpTables(Ctx))
    return std::move(E);
  // Group the output by category, in address order.
  llvm::sort(R.Issues, [](const Issue &A, const Issue &B) {
    return std::tie(A.Cat, A.Addr, A.Message) <
           std::tie(B.Cat, B.Addr, B.Message);
  });
  return std::move(R);
}

} // namespace gotfree
