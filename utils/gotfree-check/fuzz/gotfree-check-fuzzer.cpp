//===- gotfree-check-fuzzer.cpp - libFuzzer target for gotfree-check ------===//
//
// Feeds arbitrary bytes through everything gotfree-check does with a file:
// every check (code scanning forced on, so the decoder sees the bytes too),
// both report formats, and the relocation fixer on a copy. Bad input must
// come back as an llvm::Error; ASan and the fuzzer's timeout catch the rest.
//
//===----------------------------------------------------------------------===//

#include "../Checks.h"

#include "llvm/Support/raw_ostream.h"

#include <vector>

using namespace llvm;
using namespace gotfree;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  static std::unique_ptr<X86Decoder> Dec = cantFail(X86Decoder::create());
  // Copy into a buffer of exactly Size bytes so that ASan sees any read
  // past the end.
  std::vector<uint8_t> Bytes(Data, Data + Size);
  MemoryBufferRef Buf(
      StringRef(reinterpret_cast<const char *>(Bytes.data()), Bytes.size()),
      "fuzz-input");
  CheckOptions Opts;
  Opts.ScanCode = ScanMode::Always;
  Expected<Report> R = runChecks(Buf, Opts, *Dec);
  if (!R) {
    consumeError(R.takeError());
    return 0;
  }
  std::string Out;
  raw_string_ostream OS(Out);
  printText(*R, OS);
  printJson(*R, OS);
  if (!R->Fixes.empty()) {
    Expected<unsigned> Fixed = applyFixes(Bytes, *R);
    if (!Fixed)
      consumeError(Fixed.takeError());
  }
  return 0;
}
